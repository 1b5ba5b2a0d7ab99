import { Workbook } from 'exceljs';
import request from 'supertest';
import type { ManagementUnit } from '@app/catalog';
import { RESULT_COLUMNS, type StoredResult } from '@app/evaluation';
import { DATABASE, sql, type Database } from '@app/persistence';
import { RecordUsageSessionUseCase, RollupUsageUseCase } from '@app/usage';
import { storageModes, type StorageMode } from '../support/databases';
import { sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';
import { parseCsv } from '../support/csv';
import { settleRollups } from '../support/rollups';

/**
 * The annual evaluation of 2026 (Arts. 21–23) over 20 participating units, one in-scope instrument each,
 * all listed by the province on time with their service terms defined and no reminder (organisation = 100).
 *
 *  unit         category  2026 use (one session each, rolled up per China day)           IoT sensor
 *  e01–e05      0101      80 h, all by a Shanghai unit (external, cross-region), 1,000 CNY  yes
 *  e06          0101      40 h, all by a Shanghai unit, no fee                             no
 *  e07–e10      0101      none                                                             no
 *  e11          0301      40 h by its own unit                                             no
 *  e12–e20      0301      20 h each by its own unit                                        no
 *
 * e06 and e11 have the same raw utilisation, 40 / 1,600 = 0.025 (2026 has 365 days: rated 1,600 h),
 * but not the same normalised score, 50 × min(value ÷ category mean, 2):
 *  0101 mean utilisation = (5 × 80/1600 + 40/1600 + 4 × 0) / 10 = (0.25 + 0.025) / 10 = 0.0275
 *       e06: 0.025 / 0.0275 = 0.909090… → 50 × 0.909090… = 45.45
 *  0301 mean utilisation = (40/1600 + 9 × 20/1600) / 10 = (0.025 + 0.1125) / 10 = 0.01375
 *       e11: 0.025 / 0.01375 = 1.818181… → 90.91
 *  e01: 0.05 / 0.0275 = 1.818181… → 90.91.
 * Default weights (organisation 0.3, operation 0.35, sharing 0.35; operation: utilisation 0.5, effective hours 0.3, IoT 0.2;
 * sharing: rate 0.3, external 0.3, cross-region 0.2, fee 0.2):
 *  e01–e05: operation 0.5 × 90.909 + 0.3 × 90.909 + 0.2 × 100 = 92.727;
 *           sharing: rate 1 ÷ mean (6 × 1 + 4 × 0)/10 = 1.667 → 83.333; external 80 ÷ 44 → 90.909; cross-region 90.909; fee 1000 ÷ 500 = 2 → 100
 *           = 0.3 × 83.333 + 0.3 × 90.909 + 0.2 × 90.909 + 0.2 × 100 = 90.455
 *           total = 0.3 × 100 + 0.35 × 92.727 + 0.35 × 90.455 = 94.11 → five tie at 优's threshold (80), but 优 ≤ floor(15 % × 20) = 3:
 *           e01–e03 优, e04–e05 良 (capped: equal sharing score and hours, then unit id)
 *  e06: operation 0.8 × 45.455 = 36.364; sharing 0.3 × 83.333 + 0.3 × 45.455 + 0.2 × 45.455 + 0 = 47.727
 *       total = 30 + 0.35 × 36.364 + 0.35 × 47.727 = 59.43 → 中
 *  e11: operation 0.8 × 90.909 = 72.727; sharing 0 (nobody in 0301 served others: category mean 0) → total 30 + 25.45 = 55.45 → 中
 *  e12–e20: 20/22 = 0.909 → 45.45; operation 36.364 → total 42.73 → 中
 *  e07–e10: total 30.00 → 差, listed for rectification.
 * With EVALUATION_WEIGHTS={"dimensions":{"organisation":0,"operation":1,"sharing":0}}: e11 (72.73) ranks above e06 (36.36).
 */
const UNITS: ManagementUnit[] = Array.from({ length: 20 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return {
    id: `jx-e${n}`,
    name: i === 19 ? '<script>alert("x")</script>实验室' : `嘉兴测评单位${n}`,
    region: 'jiaxing',
    city: '嘉兴市',
    kind: i < 10 ? 'university' : 'hospital',
    sector: i < 10 ? 'education' : 'health',
  } as ManagementUnit;
});
const id = (n: number) => localInstrumentId(`jx-e${String(n).padStart(2, '0')}`, `EV-${n}`);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function world(mode: StorageMode, env: Record<string, string> = {}): Promise<TestGateway> {
  const gw = await startTestGateway(mode, env);
  await gw.seed(
    UNITS,
    UNITS.map((u, i) => sem({ localId: `EV-${i + 1}`, unitId: u.id, categoryCode: i < 10 ? '0101' : '0301', ...(i < 5 ? { iotSensorId: `S-${i + 1}` } : {}) })),
  );
  const db = gw.app.get<Database>(DATABASE).db;
  // The province's listing date (what its push stores): on time for an acceptance on 2025-09-15.
  await sql`UPDATE instruments SET province_listed_on = '2025-10-20' WHERE unit_id LIKE 'jx-e%'`.execute(db);
  const record = gw.app.get(RecordUsageSessionUseCase);
  const session = async (n: number, hours: number, external: boolean, feeFen = 0) => {
    const start = new Date('2026-03-02T08:00:00+08:00');
    await record.execute({
      source: 'booking',
      sourceKey: `ev-${n}`,
      instrumentId: id(n),
      ownerRegion: 'jiaxing',
      ownerUnitId: `jx-e${String(n).padStart(2, '0')}`,
      categoryCode: n <= 10 ? '0101' : '0301',
      requester: external
        ? { kind: 'unit', unitId: 'sh-u9', region: 'shanghai' }
        : { kind: 'unit', unitId: `jx-e${String(n).padStart(2, '0')}`, region: 'jiaxing' },
      external,
      outcome: 'completed',
      start,
      end: new Date(start.getTime() + hours * 3600_000),
      feeChargedFen: feeFen,
      recordedBy: 'test',
    });
  };
  for (let n = 1; n <= 5; n++) await session(n, 80, true, 100_000);
  await session(6, 40, true);
  await session(11, 40, false);
  for (let n = 12; n <= 20; n++) await session(n, 20, false);
  await settleRollups(gw.app.get(RollupUsageUseCase));
  // The year has ended: 2026 can be evaluated.
  gw.clock.set(new Date('2027-01-10T02:00:00Z'));
  return gw;
}

/** The JSON breakdown flattened by hand into the export's columns. */
function expectedRow(r: StoredResult): Record<string, unknown> {
  const row: Record<string, unknown> = {
    rank: r.rank,
    unitId: r.unitId,
    unitName: r.unitName,
    departmentCode: r.departmentCode,
    instruments: r.instruments,
    total: r.total,
    grade: r.grade,
    capped: r.capped,
  };
  for (const d of r.dimensions) {
    row[`${d.dimension}Score`] = d.score;
    for (const i of d.indicators) Object.assign(row, { [`${i.indicator}Raw`]: i.raw, [`${i.indicator}Score`]: i.score });
  }
  return row;
}

describe.each(storageModes())('evaluation: the annual evaluation of units (Arts. 21–23) (%s)', (mode) => {
  let gw: TestGateway;
  let admin: string;
  let evaluationId: string;
  let results: StoredResult[];
  const byUnit = (unit: string) => results.find((r) => r.unitId === unit)!;
  const get = (url: string, token?: string) => (token ? request(gw.server).get(url).set('Authorization', `Bearer ${token}`) : request(gw.server).get(url));
  const post = (url: string, body: object, token?: string) =>
    (token ? request(gw.server).post(url).set('Authorization', `Bearer ${token}`) : request(gw.server).post(url)).send(body);

  beforeAll(async () => {
    gw = await world(mode);
    admin = await gw.token('admin');
    const created = await post('/api/v1/evaluations', { year: 2026 }, admin).expect(201);
    expect(created.body).toMatchObject({ year: 2026, status: 'draft', participating: 20, period: { from: '2026-01-01', to: '2026-12-31' } });
    evaluationId = created.body.id;
    results = (await get(`/api/v1/evaluations/${evaluationId}`, admin).expect(200)).body.results;
  }, 120_000);
  afterAll(() => gw?.close());

  it('documents the routes in OpenAPI (test/e2e/http-basics validates the whole document)', async () => {
    const doc = (await get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/evaluations', '/api/v1/evaluations/{id}', '/api/v1/evaluations/{id}/review', '/api/v1/evaluations/{id}/publish']),
    );
    expect(doc.paths['/api/v1/evaluations/{id}'].get.parameters.find((p: { name: string }) => p.name === 'format').schema.enum).toEqual([
      'json',
      'csv',
      'xlsx',
      'html',
    ]);
  });

  it('grades at most floor(15 % × 20) = 3 units 优 though 5 tie at the top, and says why the others were capped', () => {
    expect(results).toHaveLength(20);
    const top = ['jx-e01', 'jx-e02', 'jx-e03', 'jx-e04', 'jx-e05'].map(byUnit);
    expect(new Set(top.map((r) => r.total))).toEqual(new Set([94.11]));
    expect(results.filter((r) => r.grade === '优').map((r) => r.unitId)).toEqual(['jx-e01', 'jx-e02', 'jx-e03']);
    for (const r of [byUnit('jx-e04'), byUnit('jx-e05')]) {
      expect(r).toMatchObject({ grade: '良', thresholdGrade: '优', capped: true });
      expect(r.reasons.find((x) => x.code === 'evaluation.excellent_cap')).toMatchObject({ article: 23 });
    }
    expect(top.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('normalises within the national category: equal raw utilisation, different scores (hand-computed above)', () => {
    const op = (r: StoredResult) => r.dimensions.find((d) => d.dimension === 'operation')!;
    const utilisation = (r: StoredResult) => op(r).indicators.find((i) => i.indicator === 'utilisation')!;
    expect(utilisation(byUnit('jx-e06')).raw).toBe(0.025);
    expect(utilisation(byUnit('jx-e11')).raw).toBe(0.025);
    expect(utilisation(byUnit('jx-e06')).score).toBe(45.45); // 50 × 0.025 / 0.0275
    expect(utilisation(byUnit('jx-e11')).score).toBe(90.91); // 50 × 0.025 / 0.01375
    expect(byUnit('jx-e06').instrumentScores[0].categoryMean.utilisation).toBe(0.0275);
    expect(byUnit('jx-e11').instrumentScores[0].categoryMean.utilisation).toBeCloseTo(0.01375, 4);
    expect(op(byUnit('jx-e11')).score).toBe(72.73);
    expect(byUnit('jx-e06')).toMatchObject({ total: 59.43, grade: '中' });
    expect(byUnit('jx-e11')).toMatchObject({ total: 55.45, grade: '中' });
    expect(byUnit('jx-e12')).toMatchObject({ total: 42.73, grade: '中' });
    expect(byUnit('jx-e06').rank).toBeLessThan(byUnit('jx-e11').rank);
  });

  it('lists the 差 units for rectification (Art. 23)', async () => {
    const body = (await get(`/api/v1/evaluations/${evaluationId}`, admin).expect(200)).body;
    expect(body.rectification.map((r: { unitId: string }) => r.unitId).sort()).toEqual(['jx-e07', 'jx-e08', 'jx-e09', 'jx-e10']);
    expect(byUnit('jx-e07')).toMatchObject({ total: 30, grade: '差' });
    expect(byUnit('jx-e07').reasons.map((r) => r.article)).toEqual([22, 23, 23]);
  });

  it('exports CSV and XLSX that parse back to the JSON figures', async () => {
    const keys = RESULT_COLUMNS.map((c) => c.key);
    const expected = results.map(expectedRow);
    const csv = await get(`/api/v1/evaluations/${evaluationId}?format=csv`, admin)
      .buffer(true)
      .parse((res, cb) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => cb(null, text));
      });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [, ...rows] = parseCsv(csv.body as string);
    const fromCsv = rows.map((r) =>
      Object.fromEntries(
        keys.map((k, i) => [
          k,
          r[i] === ''
            ? null
            : r[i] === 'true'
              ? true
              : r[i] === 'false'
                ? false
                : /^-?(0|[1-9]\d*)(\.\d+)?$/.test(r[i]) && k !== 'unitId'
                  ? Number(r[i])
                  : r[i],
        ]),
      ),
    );
    expect(fromCsv).toEqual(expected);

    const xlsx = await get(`/api/v1/evaluations/${evaluationId}?format=xlsx`, admin)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.headers['content-type']).toBe(XLSX);
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.body as any);
    const fromXlsx: Record<string, unknown>[] = [];
    workbook.getWorksheet('results')!.eachRow((row, n) => {
      if (n > 1) fromXlsx.push(Object.fromEntries(keys.map((k, i) => [k, row.getCell(i + 1).value ?? null])));
    });
    expect(fromXlsx).toEqual(expected);
  });

  it('prints an HTML page in Chinese that escapes a unit name with <script>', async () => {
    const page = await get(`/api/v1/evaluations/${evaluationId}?format=html`, admin).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('年度大型科研仪器开放共享评价结果');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;实验室');
    expect(page.text).not.toMatch(/<script/i);
    expect(page.text).toContain('第二十二条');
  });

  it('lets each role read what it may, per endpoint; review (by another admin than the computing one) and publish are the admin’s', async () => {
    const education = await gw.departmentToken('education_bureau');
    const unitAdmin = await gw.token('unit_admin', 'jx-e03');
    const user = await gw.token('user', 'jx-e03');
    const drc = await gw.token('drc_monitor');
    for (const token of [user, drc]) {
      await get('/api/v1/evaluations', token).expect(403);
      await get(`/api/v1/evaluations/${evaluationId}`, token).expect(403);
    }
    await get('/api/v1/evaluations').expect(401);
    await get(`/api/v1/evaluations/${evaluationId}`).expect(401);
    for (const token of [education, unitAdmin, user]) await post('/api/v1/evaluations', { year: 2026 }, token).expect(403);
    await post('/api/v1/evaluations', { year: 2026 }).expect(401);
    await post('/api/v1/evaluations', { year: 2027 }, admin).expect(400); // not ended
    await post('/api/v1/evaluations', { year: 2026, extra: 1 }, admin).expect(400);

    // A draft is the office's only.
    expect((await get('/api/v1/evaluations', education).expect(200)).body.items).toEqual([]);
    await get(`/api/v1/evaluations/${evaluationId}`, education).expect(404);
    await get(`/api/v1/evaluations/${evaluationId}`, unitAdmin).expect(404);
    await post(`/api/v1/evaluations/${evaluationId}/publish`, {}, admin).expect(409); // not reviewed
    await post(`/api/v1/evaluations/${evaluationId}/review`, { note: '已核对' }, education).expect(403);
    const reviewer = await gw.token('admin', undefined, 'office-reviewer');
    await post(`/api/v1/evaluations/${evaluationId}/review`, { note: '' }, reviewer).expect(400);
    // Four eyes (Art. 21): the admin who computed the draft does not review it.
    const own = await post(`/api/v1/evaluations/${evaluationId}/review`, { note: '已核对' }, admin).expect(403);
    expect(own.body.detail).toMatch(/computed it does not review it/);
    expect((await get(`/api/v1/evaluations/${evaluationId}`, admin).expect(200)).body.status).toBe('draft');
    const reviewed = await post(`/api/v1/evaluations/${evaluationId}/review`, { note: '已核对各单位指标' }, reviewer).expect(200);
    expect(reviewed.body).toMatchObject({ status: 'reviewed', reviewNote: '已核对各单位指标' });
    await post(`/api/v1/evaluations/${evaluationId}/publish`, {}, unitAdmin).expect(403);
    await post(`/api/v1/evaluations/${evaluationId}/publish`, {}).expect(401);
    expect((await post(`/api/v1/evaluations/${evaluationId}/publish`, {}, admin).expect(200)).body.status).toBe('published');

    // Published: a department its sector's units (education: e01–e10), a unit admin its own unit.
    expect((await get('/api/v1/evaluations', education).expect(200)).body.items.map((e: { id: string }) => e.id)).toEqual([evaluationId]);
    const forDepartment = (await get(`/api/v1/evaluations/${evaluationId}`, education).expect(200)).body;
    expect(forDepartment.results.map((r: StoredResult) => r.unitId)).toEqual(UNITS.slice(0, 10).map((u) => u.id));
    const health = (await get(`/api/v1/evaluations/${evaluationId}`, await gw.departmentToken('health_commission')).expect(200)).body;
    expect(health.results.every((r: StoredResult) => r.departmentCode === 'health_commission')).toBe(true);
    const forUnit = (await get(`/api/v1/evaluations/${evaluationId}`, unitAdmin).expect(200)).body;
    expect(forUnit.results.map((r: StoredResult) => [r.unitId, r.grade])).toEqual([['jx-e03', '优']]);
    const csvForUnit = await get(`/api/v1/evaluations/${evaluationId}?format=csv`, unitAdmin).expect(200);
    expect(csvForUnit.text.split('\n').filter((l) => l.trim()).length).toBe(2);
  });

  it('keeps a published evaluation immutable: no route changes it, recomputing is 409, the database refuses', async () => {
    await request(gw.server).put(`/api/v1/evaluations/${evaluationId}`).set('Authorization', `Bearer ${admin}`).send({ year: 2026 }).expect(404);
    await request(gw.server).delete(`/api/v1/evaluations/${evaluationId}`).set('Authorization', `Bearer ${admin}`).expect(404);
    const again = await post('/api/v1/evaluations', { year: 2026 }, admin).expect(409);
    expect(again.headers['content-type']).toMatch(/problem\+json/);
    await post(`/api/v1/evaluations/${evaluationId}/review`, { note: 'again' }, await gw.token('admin', undefined, 'office-reviewer')).expect(409);
    const db = gw.app.get<Database>(DATABASE).db;
    await expect(
      sql`UPDATE evaluation_results SET grade = '优' WHERE evaluation_id = ${evaluationId}::uuid AND unit_id = 'jx-e04'`.execute(db),
    ).rejects.toThrow(/published/);
    await expect(sql`DELETE FROM evaluation_results WHERE evaluation_id = ${evaluationId}::uuid`.execute(db)).rejects.toThrow(/published/);
    await expect(
      sql`UPDATE evaluations SET status = 'draft', reviewed_at = NULL, published_at = NULL WHERE id = ${evaluationId}::uuid`.execute(db),
    ).rejects.toThrow(/published/);
    await expect(sql`DELETE FROM evaluations WHERE id = ${evaluationId}::uuid`.execute(db)).rejects.toThrow(/published/);
    const after = (await get(`/api/v1/evaluations/${evaluationId}`, admin).expect(200)).body;
    expect(after.results).toEqual(results);
  });
});

describe('evaluation: the weights in configuration change the ranking', () => {
  let gw: TestGateway;
  afterAll(() => gw?.close());

  it('ranks e11 above e06 when only operation and use counts', async () => {
    gw = await world('embedded', { EVALUATION_WEIGHTS: JSON.stringify({ dimensions: { organisation: 0, operation: 1, sharing: 0 } }) });
    const admin = await gw.token('admin');
    const { body } = await request(gw.server).post('/api/v1/evaluations').set('Authorization', `Bearer ${admin}`).send({ year: 2026 }).expect(201);
    const results: StoredResult[] = (await request(gw.server).get(`/api/v1/evaluations/${body.id}`).set('Authorization', `Bearer ${admin}`).expect(200)).body
      .results;
    const unit = (u: string) => results.find((r) => r.unitId === u)!;
    expect(unit('jx-e11').total).toBe(72.73);
    expect(unit('jx-e06').total).toBe(36.36);
    // Under the defaults e06 (59.43) ranks above e11 (55.45): here the order is reversed.
    expect(unit('jx-e11').rank).toBeLessThan(unit('jx-e06').rank);
    expect(body.config.weights.dimensions).toEqual({ organisation: 0, operation: 1, sharing: 0 });
  }, 120_000);
});
