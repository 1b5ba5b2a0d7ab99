/**
 * The gateway's side of the web console, without a browser: its build served at `/` with the
 * page addresses falling back to `index.html` while the API, health and metrics keep their own
 * answers; and the demo's one-click tokens, which exist only in the demo.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { jwtVerify } from 'jose';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';

/** A build in `<tmp>/dist`, beside a file no request may reach (`<tmp>/outside-secret.txt`). */
function fakeBuild(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
  fs.writeFileSync(path.join(root, 'outside-secret.txt'), 'OUTSIDE-SECRET');
  const dir = path.join(root, 'dist');
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'assets', 'logo-abc123.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title><div id="app"></div>');
  fs.writeFileSync(path.join(dir, 'assets', 'main-abc123.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
  return dir;
}

describe('console serving and demo sign-in', () => {
  // One gateway, in demo mode: outside the demo the tokens are refused (mint-demo-token.usecase.spec.ts).
  let gw: TestGateway;
  let dist: string;

  beforeAll(async () => {
    dist = fakeBuild();
    gw = await startTestGateway('embedded', { CONSOLE_DIST_DIR: dist }, undefined, { demo: true });
    await gw.seed(JX_UNITS, [sem()]);
  }, 120_000);
  afterAll(async () => {
    await gw?.close();
    fs.rmSync(path.dirname(dist), { recursive: true, force: true });
  });

  it('serves the build at / and its hashed assets (gzip, cached for good), and any page address as index.html', async () => {
    const home = await request(gw.server).get('/').set('Accept', 'text/html').expect(200);
    // A client that does not ask for HTML (curl's */*) still finds the console at the front door.
    const bare = await request(gw.server).get('/').set('Accept', '*/*').expect(200);
    expect(bare.headers['content-type']).toMatch(/^text\/html/);
    expect([home.headers['content-type'], home.headers['cache-control'], home.text]).toEqual([
      'text/html; charset=utf-8',
      'no-cache',
      expect.stringContaining('<div id="app">'),
    ]);
    // Only its own scripts, only its own origin: an injected script could read the tab's token.
    expect(home.headers['content-security-policy']).toMatch(/script-src 'self';.*connect-src 'self';.*frame-ancestors 'none'/);
    const deep = await request(gw.server).get('/instruments/jiaxing:jx-u001.JX-SEM-001?x=1').set('Accept', 'text/html,application/xhtml+xml').expect(200);
    expect(deep.text).toContain('<div id="app">');
    const asset = await request(gw.server).get('/assets/main-abc123.js').set('Accept-Encoding', 'gzip').expect(200);
    expect([asset.headers['content-type'], asset.headers['content-encoding'], asset.headers['cache-control']]).toEqual([
      'text/javascript; charset=utf-8',
      'gzip',
      'public, max-age=31536000, immutable',
    ]);
    expect(asset.text).toContain('xxxx');
  });

  it('leaves the API, health, metrics and missing files to their own answers', async () => {
    for (const [url, accept] of [
      ['/api/v1/nothing-here', 'text/html'],
      ['/API/v1/nothing', 'text/html'],
      ['/assets/gone-123.js', 'text/html'],
      ['/favicon.ico', 'image/avif,image/webp,*/*'],
    ]) {
      const res = await request(gw.server).get(url).set('Accept', accept);
      expect([url, res.status, res.headers['content-type']]).toEqual([url, 404, 'application/problem+json; charset=utf-8']);
    }
    await request(gw.server).get('/health/live').set('Accept', 'text/html').expect(200).expect('content-type', /json/);
    await request(gw.server).get('/metrics').set('Accept', 'text/html').expect(401);
    await request(gw.server).get('/api/openapi.json').set('Accept', 'text/html').expect(200).expect('content-type', /json/);
    // Not a page request: a client asking for JSON at an unknown address gets the API's 404.
    await request(gw.server).get('/bookings').set('Accept', 'application/json').expect(404);
    await request(gw.server).post('/').set('Accept', 'text/html').expect(404);
  });

  it('serves nothing outside the build, however the path is encoded, and no file of it as something else', async () => {
    const attempts = [
      '/../outside-secret.txt',
      '/..%2foutside-secret.txt',
      '/%2e%2e/outside-secret.txt',
      '/assets/..%2f..%2foutside-secret.txt',
      '/%252e%252e%252foutside-secret.txt',
      '/..%5coutside-secret.txt',
      '/assets%5c..%5c..%5coutside-secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2foutside-secret.txt',
    ];
    for (const url of attempts) {
      for (const accept of ['*/*', 'text/html']) {
        const res = await request(gw.server).get(url).set('Accept', accept);
        expect([url, accept, res.text.includes('OUTSIDE-SECRET')]).toEqual([url, accept, false]);
      }
    }
    // An SVG runs its scripts when opened as a page: it carries the page's policy and is never sniffed.
    const svg = await request(gw.server).get('/assets/logo-abc123.svg').expect(200);
    expect([svg.headers['content-type'], svg.headers['x-content-type-options']]).toEqual(['image/svg+xml', 'nosniff']);
    expect(svg.headers['content-security-policy']).toMatch(/default-src 'self'; script-src 'self'/);
    // A page address answers the console or a 404 by the Accept header: a shared cache must keep them apart.
    const page = await request(gw.server).get('/bookings').set('Accept', 'text/html').expect(200);
    expect(page.headers.vary).toMatch(/\baccept\b/i);
    expect(page.headers.vary).toMatch(/accept-encoding/i);
  });

  it('mints a token for each demo role in the demo, documented in OpenAPI', async () => {
    const { body } = await request(gw.server).get('/api/v1/demo/identities').expect(200);
    expect(body.enabled).toBe(true);
    expect(body.identities.map((i: { role: string }) => i.role)).toEqual(['user', 'unit_admin', 'customs_officer', 'drc_monitor', 'department', 'admin']);
    const minted = (await request(gw.server).post('/api/v1/demo/tokens').send({ role: 'unit_admin' }).expect(200)).body;
    expect((await jwtVerify(minted.token, new TextEncoder().encode(gw.config.auth.jwtSecret))).payload).toMatchObject({
      sub: 'demo-unit_admin',
      roles: ['unit_admin'],
      unitId: 'jx-u001',
    });
    // The token works on the API as that role.
    await request(gw.server).get('/api/v1/bookings').set('Authorization', `Bearer ${minted.token}`).expect(200);
    const bad = await request(gw.server).post('/api/v1/demo/tokens').send({ role: 'root' }).expect(400);
    expect(bad.body.violations).toEqual([expect.objectContaining({ field: 'role' })]);

    const doc = (await request(gw.server).get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/demo/identities', '/api/v1/demo/tokens']));
  });

  it('estimates what a window would cost the caller before booking: internal for the owning unit, external for anyone else', async () => {
    const url = `/api/v1/instruments/${encodeURIComponent('jiaxing:jx-u001.JX-SEM-001')}/fee-estimate`;
    const window = { start: '2026-12-20T09:00:00+08:00', end: '2026-12-20T11:30:00+08:00' };
    const own = (
      await request(gw.server)
        .get(url)
        .query(window)
        .set('Authorization', `Bearer ${await gw.token('user', 'jx-u001')}`)
        .expect(200)
    ).body;
    expect(own.estimate).toMatchObject({ tariff: 'internal', unit: 'hour', quantity: 2.5, unitPriceCny: 300, totalCny: 750 });
    expect(own.estimate.reasons.map((r: { article: number }) => r.article)).toContain(19);
    const other = (
      await request(gw.server)
        .get(url)
        .query(window)
        .set('Authorization', `Bearer ${await gw.token('user', 'jx-u002')}`)
        .expect(200)
    ).body;
    const anonymous = (await request(gw.server).get(url).query(window).expect(200)).body;
    expect([other.estimate.tariff, other.estimate.totalCny, anonymous.estimate.tariff]).toEqual(['external', 1250, 'external']);
    const bad = await request(gw.server).get(url).query({ start: window.end, end: window.start }).expect(400);
    expect(bad.body.violations).toEqual([expect.objectContaining({ field: 'end' })]);
    await request(gw.server).get('/api/v1/instruments/jiaxing:jx-u001.NOPE/fee-estimate').query(window).expect(404);
  });

  it('never tells more by the fee estimate than the detail does: a confidential, exempted or withdrawn id answers as a missing one (Arts. 2, 11)', async () => {
    const exempted = {
      status: 'exempted' as const,
      approvedBy: '嘉兴市科技局',
      approvalRef: '嘉科〔2026〕9号',
      approvalDate: '2026-01-05',
      filingRef: '浙大仪〔2026〕9号',
      filingDate: '2026-01-10',
    };
    await gw.seed(JX_UNITS, [
      sem({ localId: 'FE-SECRET', confidentiality: { status: 'confidential' } }),
      sem({ localId: 'FE-EXEMPT', confidentiality: exempted }),
      sem({ localId: 'FE-GONE' }),
    ]);
    const id = (localId: string) => `jiaxing:jx-u001.${localId}`;
    await request(gw.server)
      .delete(`/api/v1/instruments/${id('FE-GONE')}`)
      .set('Authorization', `Bearer ${await gw.token('admin')}`)
      .expect(204);
    const window = { start: '2026-12-20T09:00:00+08:00', end: '2026-12-20T10:00:00+08:00' };
    const callers: Record<string, string | undefined> = {
      anonymous: undefined,
      otherUnit: await gw.token('user', 'jx-u002'),
      ownUnit: await gw.token('user', 'jx-u001'),
      admin: await gw.token('admin'),
    };
    const ask = async (url: string, token: string | undefined, query = {}) => {
      const req = request(gw.server).get(url).query(query);
      const res = await (token ? req.set('Authorization', `Bearer ${token}`) : req);
      // What may differ between two addresses: the address itself and the request's id.
      return {
        status: res.status,
        body:
          res.status === 200
            ? undefined
            : { ...res.body, instance: undefined, requestId: undefined, detail: String(res.body.detail).replace(/jiaxing:\S+/, '<id>') },
      };
    };
    const missing = await ask(`/api/v1/instruments/${id('FE-NONE')}/fee-estimate`, undefined, window);
    for (const localId of ['FE-SECRET', 'FE-EXEMPT', 'FE-GONE']) {
      for (const [who, token] of Object.entries(callers)) {
        const detail = await ask(`/api/v1/instruments/${id(localId)}`, token);
        const estimate = await ask(`/api/v1/instruments/${id(localId)}/fee-estimate`, token, window);
        // Only the owning unit's people see a hidden instrument, its price included; the admin's detail
        // shows it, its estimate (the admin books as nobody's unit) does not: less, never more.
        const expected = who === 'ownUnit' && localId !== 'FE-GONE' ? 200 : 404;
        expect([localId, who, estimate.status]).toEqual([localId, who, expected]);
        if (expected === 404) expect([localId, who, estimate.body]).toEqual([localId, who, missing.body]);
        if (detail.status === 404) expect([localId, who, estimate.status]).toEqual([localId, who, 404]);
      }
    }
  });
});
