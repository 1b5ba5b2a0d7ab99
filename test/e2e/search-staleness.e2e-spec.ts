import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mintToken } from '@app/auth';
import { SeedCatalogUseCase } from '@app/catalog';
import { eventually } from '../support/federation';
import { JX_UNITS, sem } from '../support/gateway';
import { localInstrumentId } from '../support/ids';
import { sharedDatabaseReplicas } from '../support/replicas';
import { TEST_SECRETS } from '../support/secrets';
import { postgresAvailable } from '../support/servers';

const describeOnServer = postgresAvailable() ? describe : describe.skip;

/** Long enough that an answer served after an ordinary change can only have come from a cache. */
const BOUND_MS = 8_000;
const id = (localId: string) => localInstrumentId('jx-u001', localId);

/**
 * Kept search answers while the catalog changes (SEARCH_CACHE_MAX_STALE_MS):
 * replica A writes, as a sync worker in another process would; replica B
 * keeps answers for up to BOUND_MS past an ordinary change, and replica C,
 * with the setting 0, empties its caches at every change.
 */
describeOnServer('search caches while the catalog changes (PostgreSQL)', () => {
  const replicas = sharedDatabaseReplicas();
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  let c: NestFastifyApplication;
  let admin: string;
  let own: string;
  let other: string;

  beforeAll(async () => {
    a = await replicas.start();
    await a.get(SeedCatalogUseCase).execute({
      region: 'jiaxing',
      sourcePlatform: 'local',
      units: JX_UNITS,
      instruments: [
        sem({ localId: 'KEEP-1', model: 'QZX-1357' }),
        sem({ localId: 'GONE-1', model: 'DRW-2468' }),
        sem({ localId: 'SECRET-1', model: 'SKT-9753' }),
        sem({ localId: 'PLAIN-1', model: 'HJN-1122' }),
        sem({ localId: 'OWN-1', model: 'MFP-5566' }),
      ],
    });
    b = await replicas.start({ SEARCH_CACHE_MAX_STALE_MS: String(BOUND_MS) });
    c = await replicas.start({ SEARCH_CACHE_MAX_STALE_MS: '0' });
    [admin, own, other] = await Promise.all([
      mintToken(TEST_SECRETS.AUTH_JWT_SECRET, { sub: 'admin', roles: ['admin'] }),
      mintToken(TEST_SECRETS.AUTH_JWT_SECRET, { sub: 'own', roles: ['user'], unitId: 'jx-u001' }),
      mintToken(TEST_SECRETS.AUTH_JWT_SECRET, { sub: 'other', roles: ['user'], unitId: 'jx-u002' }),
    ]);
  }, 60_000);
  afterAll(() => replicas.close());

  const ids = async (app: NestFastifyApplication, query: Record<string, unknown>, token?: string): Promise<string[]> => {
    const req = request(app.getHttpServer()).get('/api/v1/instruments').query(query);
    const res = await (token ? req.set('Authorization', `Bearer ${token}`) : req).expect(200);
    return res.body.items.map((i: { id: string }) => i.id);
  };
  /** Asked twice: the second time it comes from the caches (the anonymous one by its URL). */
  const asked = async (app: NestFastifyApplication, query: Record<string, unknown>, token?: string) => {
    await ids(app, query, token);
    return ids(app, query, token);
  };
  let probes = 0;
  /** Until `app`'s index has applied a change: each probe is a question never asked before, so no cache answers it. */
  const applied = (app: NestFastifyApplication, q: string, ok: (list: string[]) => boolean) =>
    eventually(() => ids(app, { q, near: `30.${1000 + probes++},120.7`, radiusKm: 500 }), ok);
  const put = (localId: string, overrides: Parameters<typeof sem>[0]) =>
    request(a.getHttpServer())
      .put(`/api/v1/instruments/${id(localId)}`)
      .set('Authorization', `Bearer ${admin}`)
      .send(sem({ localId, ...overrides }))
      .expect(200);

  it('keeps serving an answer through an ordinary change, and shows the change within the bound', async () => {
    expect(await asked(b, { q: 'QZX-1357' })).toEqual([id('KEEP-1')]);
    await put('KEEP-1', { model: 'VLM-8642' });
    await applied(b, 'VLM-8642', (list) => list.includes(id('KEEP-1')));
    // The index has the change, yet the kept answer still stands: an ordinary change did not empty the caches.
    expect(await ids(b, { q: 'QZX-1357' })).toEqual([id('KEEP-1')]);
    await eventually(
      () => ids(b, { q: 'QZX-1357' }),
      (list) => list.length === 0,
      BOUND_MS + 5_000,
    );
  }, 60_000);

  it('never serves a withdrawn or newly confidential instrument from either cache once the index has applied it', async () => {
    for (const q of ['DRW-2468', 'SKT-9753']) {
      expect(await asked(b, { q })).toHaveLength(1);
      expect(await asked(b, { q }, other)).toHaveLength(1);
      expect(await asked(b, { q, region: 'jiaxing', pageSize: 1 })).toHaveLength(1);
    }
    await request(a.getHttpServer())
      .delete(`/api/v1/instruments/${id('GONE-1')}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(204);
    await put('SECRET-1', { model: 'SKT-9753', confidentiality: { status: 'confidential' } });
    await applied(b, 'DRW-2468', (list) => list.length === 0);
    await applied(b, 'SKT-9753', (list) => list.length === 0);
    // Well within the bound, and still never from a cache: not by URL (the anonymous fast path), not by question (signed in).
    for (const q of ['DRW-2468', 'SKT-9753']) {
      expect(await ids(b, { q })).toEqual([]);
      expect(await ids(b, { q }, other)).toEqual([]);
      expect(await ids(b, { q, region: 'jiaxing', pageSize: 1 })).toEqual([]);
    }
    // The unit that owns the confidential instrument still finds it.
    expect(await ids(b, { q: 'SKT-9753' }, own)).toEqual([id('SECRET-1')]);
  }, 60_000);

  it('lets a writer find its own change in its very next search on the same replica, whatever the bound', async () => {
    expect(await asked(b, { q: 'MFP-5566' })).toEqual([id('OWN-1')]);
    await request(b.getHttpServer())
      .put(`/api/v1/instruments/${id('OWN-1')}`)
      .set('Authorization', `Bearer ${admin}`)
      .send(sem({ localId: 'OWN-1', model: 'RTY-7788' }))
      .expect(200);
    expect(await ids(b, { q: 'MFP-5566' })).toEqual([]);
    expect(await ids(b, { q: 'RTY-7788' })).toEqual([id('OWN-1')]);
  }, 60_000);

  it('with the setting 0 empties the caches at any change, as before the setting existed', async () => {
    expect(await asked(c, { q: 'HJN-1122' })).toEqual([id('PLAIN-1')]);
    await put('PLAIN-1', { model: 'TBQ-3344' });
    await applied(c, 'TBQ-3344', (list) => list.includes(id('PLAIN-1')));
    expect(await ids(c, { q: 'HJN-1122' })).toEqual([]);
  }, 60_000);
});
