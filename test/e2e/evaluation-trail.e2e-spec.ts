import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DATABASE, sql, type Database } from '@app/persistence';
import { storageModes } from '../support/databases';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

/**
 * Follow-ups of the attacker review (docs/security.md): the evaluation's own
 * trail and its per-year lock, the rate limits on exemption steps and on
 * computing an evaluation, and `Cache-Control: no-store` on printable pages
 * and exports. Each test fails without its fix. One gateway for the suite, on
 * PostgreSQL when it answers (the publish race needs real sessions: PGlite
 * runs one transaction at a time whatever the code locks).
 */
const EVALUATION_LIMIT = 4;
const EXEMPTION_LIMIT = 3;
const YEAR = 2025;

describe('evaluation trail and lock, rate limits on exemptions and evaluations, no-store documents', () => {
  let gw: TestGateway;
  let db: Database['db'];
  const t: Record<string, string> = {};
  const mode = storageModes().at(-1)!;

  beforeAll(async () => {
    gw = await startTestGateway(mode, { RATE_LIMIT_EVALUATION: String(EVALUATION_LIMIT), RATE_LIMIT_EXEMPTION: String(EXEMPTION_LIMIT) });
    db = gw.app.get<Database>(DATABASE).db;
    await gw.seed(JX_UNITS, [sem({ localId: 'ET-1', model: 'ETMODEL-1' }), sem({ localId: 'ET-2', model: 'ETMODEL-2' })]);
    Object.assign(t, {
      office: await gw.token('admin', undefined, 'office-a'),
      office2: await gw.token('admin', undefined, 'office-b'),
      unit1: await gw.token('unit_admin', 'jx-u001'),
      education: await gw.departmentToken('education_bureau'),
      drc: await gw.token('drc_monitor'),
    });
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  const as = (who: string, req: request.Test) => req.set('Authorization', `Bearer ${t[who]}`);
  const post = (who: string, url: string, body: object = {}) => as(who, request(gw.server).post(`/api/v1${url}`)).send(body);
  const get = (who: string, url: string) => as(who, request(gw.server).get(`/api/v1${url}`));
  const trail = async () => (await get('office', `/evaluations/years/${YEAR}/trail`).expect(200)).body.items as Array<Record<string, unknown>>;

  it('refuses to recompute a reviewed year unless reopened on purpose, and keeps the superseded review in the year’s trail (Art. 21)', async () => {
    const first = (await post('office', '/evaluations', { year: YEAR }).expect(201)).body.id as string;
    await post('office2', `/evaluations/${first}/review`, { note: '联席会议已审核' }).expect(200);

    const refused = await post('office', '/evaluations', { year: YEAR }).expect(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toMatch(/reopen/);
    expect((await get('office', `/evaluations/${first}`).expect(200)).body).toMatchObject({
      status: 'reviewed',
      reviewNote: '联席会议已审核',
      reviewedBy: 'office-b',
    });

    const second = (await post('office', '/evaluations', { year: YEAR, reopen: true }).expect(201)).body.id as string;
    await get('office', `/evaluations/${first}`).expect(404);
    expect(await trail()).toEqual([
      expect.objectContaining({ evaluationId: first, step: 'computed', to: 'draft', actor: 'office-a', article: 22, at: expect.any(String) }),
      expect.objectContaining({
        evaluationId: first,
        step: 'reviewed',
        from: 'draft',
        to: 'reviewed',
        actor: 'office-b',
        article: 21,
        detail: '联席会议已审核',
      }),
      expect.objectContaining({
        evaluationId: first,
        step: 'superseded',
        from: 'reviewed',
        to: null,
        actor: 'office-a',
        article: 21,
        detail: expect.stringMatching(/office-b.*联席会议已审核/),
      }),
      expect.objectContaining({ evaluationId: second, step: 'computed', to: 'draft', actor: 'office-a', article: 22 }),
    ]);
    // A draft nobody reviewed is simply replaced, and says so.
    const third = (await post('office', '/evaluations', { year: YEAR }).expect(201)).body.id as string;
    expect((await trail()).slice(-2)).toEqual([
      expect.objectContaining({ evaluationId: second, step: 'superseded', from: 'draft' }),
      expect.objectContaining({ evaluationId: third, step: 'computed' }),
    ]);
    // Append-only, whoever asks.
    await expect(sql`UPDATE evaluation_trail SET actor = 'someone-else'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM evaluation_trail`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('publishes under the per-year lock: a recomputation that ran first leaves the publish a 409 problem+json, never a draft beside a published evaluation', async () => {
    const draft = (await get('office', '/evaluations').expect(200)).body.items.find((e: { year: number }) => e.year === YEAR).id as string;
    await post('office2', `/evaluations/${draft}/review`, { note: '已核对' }).expect(200);

    let publishing: Promise<request.Response> | undefined;
    const replacement = randomUUID();
    // Play a recomputation that holds the year's lock, exactly as it writes, while the publish arrives.
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext('evaluation-year'), ${YEAR}::int)`.execute(trx);
      publishing = post('office', `/evaluations/${draft}/publish`).then((r) => r);
      if (mode === 'postgres') {
        // Wait until the publish is queued on the lock (or, without the lock, has answered).
        let settled = false;
        void publishing.then(() => (settled = true));
        for (;;) {
          const { rows } = await sql<{ n: number }>`
            SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = ${YEAR} AND objsubid = 2
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(db);
          if (rows[0].n > 0 || settled) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      await sql`DELETE FROM evaluations WHERE year = ${YEAR} AND status <> 'published'`.execute(trx);
      await sql`
        INSERT INTO evaluations (id, year, status, period_from, period_to, config, participating, created_at, created_by)
        VALUES (${replacement}::uuid, ${YEAR}, 'draft', '2025-01-01', '2025-12-31', '{}'::jsonb, 0, now(), 'office-c')`.execute(trx);
    });
    const res = await publishing!;
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(/replaced by a recomputation/);
    const { rows } = await sql<{ id: string; status: string }>`SELECT id::text, status FROM evaluations WHERE year = ${YEAR}`.execute(db);
    expect(rows).toEqual([{ id: replacement, status: 'draft' }]);
  });

  it('limits computing an evaluation per admin with a 429 and Retry-After', async () => {
    const flooder = await gw.token('admin', undefined, 'flooding-office');
    const compute = (token: string) => request(gw.server).post('/api/v1/evaluations').set('Authorization', `Bearer ${token}`).send({ year: YEAR });
    for (let i = 0; i < EVALUATION_LIMIT; i++) await compute(flooder).expect(201);
    const refused = await compute(flooder).expect(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.body.code).toBe('RATE_LIMITED');
    await compute(t.office2).expect(201);
  });

  it("limits a unit admin's exemption requests and withdrawals together, per user, with a 429 and Retry-After (Art. 11)", async () => {
    const flooder = await gw.token('unit_admin', 'jx-u001', 'flooding-exemptions');
    const as2 = (token: string, req: request.Test) => req.set('Authorization', `Bearer ${token}`);
    const ask = (token: string) =>
      as2(token, request(gw.server).post('/api/v1/exemptions')).send({ instrumentId: localInstrumentId('jx-u001', 'ET-1'), grounds: '合作协议' });
    const id = (await ask(flooder).expect(201)).body.id as string;
    await as2(flooder, request(gw.server).post(`/api/v1/exemptions/${id}/withdraw`))
      .send({})
      .expect(200);
    await ask(flooder).expect(201);
    const refused = await ask(flooder).expect(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.body.code).toBe('RATE_LIMITED');
    // Counted per user: the unit's other admin is not refused (409: the request above is open).
    await ask(t.unit1).expect(409);
  });

  it('marks printable pages and CSV/XLSX exports Cache-Control: no-store (evaluation, monitoring, compliance, purchase review)', async () => {
    const evaluation = (await get('office', '/evaluations').expect(200)).body.items[0].id as string;
    const review = (
      await post('unit1', '/purchase-reviews', { categoryCode: '0101', valueCny: 800_000, intendedUse: '形貌表征', justification: '机时饱和' }).expect(201)
    ).body.id as string;
    const documents: Array<[string, string]> = [
      ['office', `/evaluations/${evaluation}?format=html`],
      ['office', `/evaluations/${evaluation}?format=csv`],
      ['office', `/evaluations/${evaluation}?format=xlsx`],
      ['drc', '/monitoring/cross-region?from=2026-01-01&to=2026-06-30&format=csv&table=categories'],
      ['drc', '/monitoring/cross-region?from=2026-01-01&to=2026-06-30&format=xlsx'],
      ['education', '/compliance/departments/education_bureau/quarterly?year=2026&quarter=1&format=csv'],
      ['education', `/purchase-reviews/${review}?format=html`],
    ];
    for (const [who, url] of documents) {
      const res = await get(who, url).expect(200);
      expect([url, res.headers['cache-control']]).toEqual([url, 'no-store']);
    }
  });
});
