import * as grpc from '@grpc/grpc-js';
import request from 'supertest';
import { BookingServiceClient } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { storageModes } from '../support/databases';
import { PARTNER_IN_TOKEN } from '../support/federation';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';
import { inboundPartnersFile } from '../support/partners-file';
import { sharedDatabaseReplicas } from '../support/replicas';
import { REDIS_URL, postgresAvailable, redisAvailable, uniqueName } from '../support/servers';

const SEM = localInstrumentId('jx-u001', 'RL-SEM-1');
const LIMITS = {
  RATE_LIMIT_SEARCH: '5',
  RATE_LIMIT_AVAILABILITY: '3',
  RATE_LIMIT_METRICS: '2',
  RATE_LIMIT_BOOKING: '3',
  RATE_LIMIT_IMPORT: '1',
  RATE_LIMIT_PARTNER: '4',
};

function expectTooManyRequests(res: request.Response, limit: number): void {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  const seconds = Number(res.headers['retry-after']);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
  expect(res.body).toMatchObject({ status: 429, code: 'RATE_LIMITED', title: 'Too Many Requests', limit, windowSeconds: 60, retryAfterSeconds: seconds });
}

describe.each(storageModes())('rate limits per client (%s)', (mode) => {
  let gw: TestGateway;
  let grpcAddress: string;
  const partners = inboundPartnersFile(['shanghai', 'jiangsu']);

  beforeAll(async () => {
    gw = await startTestGateway(mode, { ...LIMITS, TRUST_PROXY: 'loopback', PARTNERS_FILE: partners.file, GRPC_PORT: '0' });
    await gw.seed(JX_UNITS, [sem({ localId: 'RL-SEM-1' })]);
    grpcAddress = `127.0.0.1:${await startGrpc(gw.app)}`;
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    partners.remove();
  });

  const from = (ip: string) => ({ get: (url: string) => request(gw.server).get(url).set('X-Forwarded-For', ip) });

  it('refuses the 6th anonymous search from one address with 429, Retry-After and problem+json; another address is still served', async () => {
    // Unique queries: the search cache must not be a way around the limit.
    for (let i = 0; i < 5; i++) await from('203.0.113.1').get(`/api/v1/instruments?q=unique-${i}`).expect(200);
    expectTooManyRequests(await from('203.0.113.1').get('/api/v1/instruments?q=unique-5'), 5);
    // Instrument detail draws on the same budget.
    expectTooManyRequests(await from('203.0.113.1').get(`/api/v1/instruments/${SEM}`), 5);
    await from('203.0.113.2').get('/api/v1/instruments?q=unique-0').expect(200);
    await from('203.0.113.2').get(`/api/v1/instruments/${SEM}`).expect(200);
  });

  it('counts every anonymous search once, a refused one too, before checking it: 400 under the limit, 429 over it', async () => {
    await from('203.0.113.20').get('/api/v1/instruments?q=counted-0').expect(200);
    await from('203.0.113.20').get('/api/v1/instruments?q=counted-0').expect(200);
    for (let i = 0; i < 2; i++) {
      const refused = await from('203.0.113.20').get('/api/v1/instruments?pageSize=0').expect(400);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', violations: [{ field: 'pageSize' }] });
    }
    await from('203.0.113.20').get('/api/v1/instruments?q=counted-1').expect(200);
    expectTooManyRequests(await from('203.0.113.20').get('/api/v1/instruments?pageSize=0'), 5);
    expectTooManyRequests(await from('203.0.113.20').get('/api/v1/instruments?q=counted-0'), 5);
  });

  it('serves the client again once its window has passed', async () => {
    for (let i = 0; i < 5; i++) await from('203.0.113.3').get(`/api/v1/instruments?q=again-${i}`).expect(200);
    const refused = await from('203.0.113.3').get('/api/v1/instruments?q=again-5').expect(429);
    const now = gw.clock.now();
    gw.clock.set(new Date(now.getTime() + Number(refused.headers['retry-after']) * 1000));
    try {
      await from('203.0.113.3').get('/api/v1/instruments?q=again-6').expect(200);
    } finally {
      gw.clock.set(now);
    }
  });

  it('counts a signed-in client by its token subject, not its address', async () => {
    const [alice, bob] = await Promise.all([gw.token('user', 'jx-u002', 'rl-alice'), gw.token('user', 'jx-u002', 'rl-bob')]);
    const search = (token: string, ip: string) => from(ip).get('/api/v1/instruments?q=sem').set('Authorization', `Bearer ${token}`);
    for (let i = 0; i < 5; i++) await search(alice, `198.51.100.${i + 1}`).expect(200);
    expectTooManyRequests(await search(alice, '198.51.100.99'), 5);
    await search(bob, '198.51.100.1').expect(200);
  });

  it('limits availability (an uncached call to a partner for theirs) per address, and metrics per scraper', async () => {
    const availability = () =>
      from('203.0.113.10').get(`/api/v1/instruments/${SEM}/availability?from=2026-12-01T00:00:00%2B08:00&to=2026-12-02T00:00:00%2B08:00`);
    for (let i = 0; i < 3; i++) await availability().expect(200);
    expectTooManyRequests(await availability(), 3);
    // The fee estimate (anonymous callers allowed) counts in the same bucket: no side door for probing ids.
    expectTooManyRequests(
      await from('203.0.113.10').get(`/api/v1/instruments/${SEM}/fee-estimate?start=2026-12-01T09:00:00%2B08:00&end=2026-12-01T10:00:00%2B08:00`),
      3,
    );
    await from('203.0.113.12').get(`/api/v1/instruments/${SEM}/fee-estimate?start=2026-12-01T09:00:00%2B08:00&end=2026-12-01T10:00:00%2B08:00`).expect(200);
    // Metrics need credentials (an admin or the scrape token); the scraper is counted by its token.
    const scraper = await gw.token('admin', undefined, 'rl-scraper');
    const scrape = () => from('203.0.113.11').get('/metrics').set('Authorization', `Bearer ${scraper}`);
    for (let i = 0; i < 2; i++) await scrape().expect(200);
    expectTooManyRequests(await scrape(), 2);
  });

  it('limits booking requests and imports per user', async () => {
    const user = await gw.token('user', 'jx-u002', 'rl-booker');
    const book = () => request(gw.server).post('/api/v1/bookings').set('Authorization', `Bearer ${user}`).set('Idempotency-Key', 'rl-booking-key-1').send({});
    // Refused requests count too: a client cannot probe without end by sending bad ones.
    for (let i = 0; i < 3; i++) await book().expect(400);
    expectTooManyRequests(await book(), 3);
    const admin = await gw.token('unit_admin', 'jx-u001', 'rl-importer');
    const upload = () =>
      request(gw.server).post('/api/v1/instruments/import').set('Authorization', `Bearer ${admin}`).attach('file', Buffer.from('名称\n'), 'x.csv');
    expect((await upload()).status).not.toBe(429);
    expectTooManyRequests(await upload(), 1);
  });

  it('answers a partner platform over its limit with RESOURCE_EXHAUSTED and retry-after metadata; other partners are still served', async () => {
    const check = (partner: string) =>
      new Promise<grpc.ServiceError | null>((resolve) => {
        const metadata = new grpc.Metadata();
        metadata.set('authorization', `Bearer ${PARTNER_IN_TOKEN(partner)}`);
        const client = new BookingServiceClient(grpcAddress, grpc.credentials.createInsecure());
        client.checkAvailability(
          { instrumentId: SEM, from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') },
          metadata,
          { deadline: Date.now() + 10_000 },
          (error) => {
            client.close();
            resolve(error);
          },
        );
      });
    for (let i = 0; i < 4; i++) expect(await check('shanghai')).toBeNull();
    const refused = await check('shanghai');
    expect(refused?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(refused?.details).toMatch(/more than 4 calls from this partner platform in 60 s/);
    expect(refused?.metadata.get('retry-after')[0]).toMatch(/^\d+$/);
    expect(Number(refused?.metadata.get('grpc-retry-pushback-ms')[0])).toBeGreaterThanOrEqual(1000);
    expect(await check('jiangsu')).toBeNull();
  });

  it('documents the 429 once in OpenAPI and refers every limited operation to it', async () => {
    const doc = (await request(gw.server).get('/api/openapi.json').expect(200)).body;
    expect(doc.components.responses.TooManyRequests.headers['Retry-After']).toBeDefined();
    expect(doc.components.responses.TooManyRequests.content['application/problem+json']).toBeDefined();
    const ref = { $ref: '#/components/responses/TooManyRequests' };
    expect(doc.paths['/api/v1/instruments'].get.responses['429']).toEqual(ref);
    expect(doc.paths['/api/v1/instruments/{id}'].get.responses['429']).toEqual(ref);
    expect(doc.paths['/api/v1/instruments/{id}/availability'].get.responses['429']).toEqual(ref);
    expect(doc.paths['/api/v1/bookings'].post.responses['429']).toEqual(ref);
    expect(doc.paths['/api/v1/instruments/import'].post.responses['429']).toEqual(ref);
  });
});

describe('rate limits without TRUST_PROXY (embedded)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway('embedded', { RATE_LIMIT_SEARCH: '2' });
  }, 60_000);
  afterAll(() => gw?.close());

  it('ignores X-Forwarded-For: a client cannot pick the address it is counted against', async () => {
    for (let i = 0; i < 2; i++) await request(gw.server).get('/api/v1/instruments').set('X-Forwarded-For', `192.0.2.${i}`).expect(200);
    expectTooManyRequests(await request(gw.server).get('/api/v1/instruments').set('X-Forwarded-For', '192.0.2.77'), 2);
  });
});

const sharedStores = [
  ...(postgresAvailable() ? [['PostgreSQL', {}] as const] : []),
  ...(redisAvailable() && postgresAvailable() ? [['Redis', { REDIS_URL, QUEUE_PREFIX: uniqueName('rl') }] as const] : []),
];
const describeShared = sharedStores.length > 0 ? describe.each(sharedStores) : describe.skip.each([['(no PostgreSQL or Redis server)', {}]]);

describeShared('two gateway replicas share one count (%s)', (_name, env) => {
  const replicas = sharedDatabaseReplicas();
  const replica = async () => (await replicas.start({ RATE_LIMIT_SEARCH: '4', ...env })).getHttpServer();

  afterAll(() => replicas.close());

  it('refuses the client its 5th search whichever replica it reaches', async () => {
    const a = await replica();
    const b = await replica();
    await request(a).get('/api/v1/instruments?q=a1').expect(200);
    await request(b).get('/api/v1/instruments?q=b1').expect(200);
    await request(a).get('/api/v1/instruments?q=a2').expect(200);
    await request(b).get('/api/v1/instruments?q=b2').expect(200);
    expectTooManyRequests(await request(a).get('/api/v1/instruments?q=a3'), 4);
    expectTooManyRequests(await request(b).get('/api/v1/instruments?q=b3'), 4);
  }, 60_000);
});
