import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { REPO_ROOT } from '../support/processes';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

describe('HTTP basics: auth, errors, health, metrics, OpenAPI', () => {
  let gw: TestGateway;
  let admin: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    await gw.seed(JX_UNITS, [sem()]);
    admin = await gw.token('unit_admin', 'jx-u001');
  }, 60_000);
  afterAll(() => gw?.close());

  const expectProblem = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), type: expect.any(String) });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  };

  describe('auth', () => {
    it('answers 401 without a token on a protected route', async () => {
      expectProblem(
        await request(gw.server)
          .post('/api/v1/instruments')
          .send(sem({ localId: 'A' })),
        401,
      );
    });
    it('answers 401 for a forged token', async () => {
      const forged = (await gw.token('admin')).slice(0, -4) + 'AAAA';
      expectProblem(await request(gw.server).post('/api/v1/instruments').set('Authorization', `Bearer ${forged}`).send(sem()), 401);
    });
    it('answers 401 for a token signed with another secret', async () => {
      const { mintToken } = await import('@app/auth');
      const other = await mintToken('another-secret-that-is-long-enough-0000', { sub: 'x', roles: ['admin'] });
      expectProblem(await request(gw.server).get('/api/v1/instruments').set('Authorization', `Bearer ${other}`), 401);
    });
    it('answers 403 for a role that may not do it', async () => {
      const researcher = await gw.token('user', 'jx-u001');
      expectProblem(
        await request(gw.server)
          .post('/api/v1/instruments')
          .set('Authorization', `Bearer ${researcher}`)
          .send(sem({ localId: 'B' })),
        403,
      );
    });
    it('lets a competent department in with its department, and refuses a department token that names none', async () => {
      const department = await gw.departmentToken('science_bureau');
      await request(gw.server).get('/api/v1/federation/sources').set('Authorization', `Bearer ${department}`).expect(200);
      expectProblem(
        await request(gw.server)
          .post('/api/v1/instruments')
          .set('Authorization', `Bearer ${department}`)
          .send(sem({ localId: 'C' })),
        403,
      );
      const { mintToken } = await import('@app/auth');
      const nameless = await mintToken(gw.config.auth.jwtSecret, { sub: 'x', roles: ['department'] });
      const res = await request(gw.server).get('/api/v1/federation/sources').set('Authorization', `Bearer ${nameless}`);
      expectProblem(res, 401);
      expect(res.body.detail).toMatch(/claim department/);
    });
    it('keeps search and detail public', async () => {
      await request(gw.server).get('/api/v1/instruments').expect(200);
      // Paths match in any case, as they always have.
      await request(gw.server).get('/API/V1/Instruments').expect(200);
      await request(gw.server)
        .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'JX-SEM-001')}`)
        .expect(200);
    });
  });

  describe('bad input is a 4xx problem document, never a 500', () => {
    it('malformed JSON', async () => {
      const res = await request(gw.server)
        .post('/api/v1/instruments')
        .set('Authorization', `Bearer ${admin}`)
        .set('Content-Type', 'application/json')
        .send('{"localId": ');
      expectProblem(res, 400);
      expect(res.body.code).toBe('MALFORMED_BODY');
    });
    it('an unknown field, with its path', async () => {
      const res = await request(gw.server)
        .post('/api/v1/instruments')
        .set('Authorization', `Bearer ${admin}`)
        .send({ ...sem({ localId: 'U1' }), colour: 'red' });
      expectProblem(res, 400);
      expect(res.body.violations).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'colour' })]));
    });
    it('a wrong type, with its path', async () => {
      const res = await request(gw.server)
        .post('/api/v1/instruments')
        .set('Authorization', `Bearer ${admin}`)
        .send({ ...sem({ localId: 'U2' }), valueCny: 'a lot' });
      expectProblem(res, 400);
      expect(res.body.violations).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'valueCny' })]));
    });
    it('a JSON array or a scalar instead of an object', async () => {
      expectProblem(await request(gw.server).post('/api/v1/instruments').set('Authorization', `Bearer ${admin}`).send([1, 2]), 400);
      expectProblem(
        await request(gw.server).post('/api/v1/instruments').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'application/json').send('"x"'),
        400,
      );
    });
    it('an oversized body', async () => {
      const res = await request(gw.server)
        .post('/api/v1/instruments')
        .set('Authorization', `Bearer ${admin}`)
        .send({ ...sem({ localId: 'U3' }), description: 'x'.repeat(200_000) });
      expectProblem(res, 413);
    });
    it('bad query parameters and unknown ones', async () => {
      expectProblem(await request(gw.server).get('/api/v1/instruments?pageSize=1000'), 400);
      expectProblem(await request(gw.server).get('/api/v1/instruments?region=beijing'), 400);
      expectProblem(await request(gw.server).get('/api/v1/instruments?sortt=name'), 400);
    });
    it('control characters anywhere in the URL', async () => {
      expectProblem(await request(gw.server).get('/api/v1/instruments?q=%00'), 400);
      expectProblem(await request(gw.server).get('/api/v1/instruments?city=a%01b'), 400);
      expectProblem(await request(gw.server).get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'A%00')}`), 400);
      expectProblem(
        await request(gw.server)
          .put(`/api/v1/instruments/${localInstrumentId('jx-u001', 'RV%00')}`)
          .set('Authorization', `Bearer ${admin}`)
          .send({}),
        400,
      );
    });
    it('a token whose claims carry control characters', async () => {
      const { mintToken } = await import('@app/auth');
      const odd = await mintToken(gw.config.auth.jwtSecret, { sub: 'x', roles: ['user'], unitId: 'jx-u001\u0000' });
      expectProblem(await request(gw.server).get('/api/v1/instruments').set('Authorization', `Bearer ${odd}`), 401);
    });
    it('headers too large for the server, before any route is found', async () => {
      const res = await request(gw.server).get('/api/v1/instruments').set('X-Padding', 'a'.repeat(20_000));
      expect(res.status).toBe(431);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 431, requestId: res.headers['x-request-id'] });
    });
    it('an unknown route', async () => {
      expectProblem(await request(gw.server).get('/api/v1/nothing-here'), 404);
    });
    it('an id that is not <region>:<localId>, or not even decodable', async () => {
      expectProblem(await request(gw.server).get('/api/v1/instruments/not-an-id'), 404);
      expectProblem(await request(gw.server).get('/api/v1/instruments/%00%ff'), 400);
    });
  });

  it('is live and ready when the database and the queue answer', async () => {
    await request(gw.server).get('/health/live').expect(200);
    const ready = await request(gw.server).get('/health/ready').expect(200);
    expect(ready.body.checks).toMatchObject({ database: { status: 'ok', mode: 'embedded' }, queue: { status: 'ok', backend: 'postgres' } });
  });

  it('exposes Prometheus metrics with HTTP latency and queue depths', async () => {
    await request(gw.server).get('/api/v1/instruments').expect(200);
    const res = await request(gw.server)
      .get('/metrics')
      .set('Authorization', `Bearer ${await gw.token('admin')}`)
      .expect(200);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/instruments"/);
    expect(res.text).toMatch(/queue_jobs\{queue="catalog",state="waiting"\}/);
  });

  it('serves a valid OpenAPI 3 document and the interactive docs', async () => {
    const res = await request(gw.server).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    // The validator is ESM-only; it runs as its own process, as in `npm run openapi:check`.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-')), 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(res.body));
    const check = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/check-openapi.mjs'), file], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/^valid OpenAPI 3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/instruments', '/api/v1/instruments/{id}', '/api/v1/units', '/api/v1/instruments/import']),
    );
    const docs = await request(gw.server).get('/api/docs/').expect(200);
    expect(docs.text).toMatch(/swagger/i);
  });

  it('takes an empty JSON body as no body (a DELETE with Content-Type: application/json)', async () => {
    await request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${admin}`)
      .send(sem({ localId: 'EMPTY-BODY' }))
      .expect(201);
    await request(gw.server)
      .delete(`/api/v1/instruments/${localInstrumentId('jx-u001', 'EMPTY-BODY')}`)
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'application/json')
      .expect(204);
    await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'EMPTY-BODY')}`)
      .expect(404);
  });

  it('echoes a caller request id', async () => {
    const res = await request(gw.server).get('/api/v1/units').set('X-Request-Id', 'trace-123').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-123');
  });
});
