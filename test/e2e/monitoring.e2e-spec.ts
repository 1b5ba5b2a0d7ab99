import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Workbook } from 'exceljs';
import request from 'supertest';
import { SeedCatalogUseCase } from '@app/catalog';
import { DATABASE, sql, type Database } from '@app/persistence';
import { IngestPowerEventsUseCase, RecordUsageSessionUseCase, RollupUsageUseCase, type UsageSessionInput } from '@app/usage';
import { PARTNER_IN_TOKEN } from '../support/federation';
import { storageModes } from '../support/databases';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';
import { parseCsv } from '../support/csv';
import { settleRollups } from '../support/rollups';

const A = localInstrumentId('jx-u001', 'MON-A'); // 0101, IoT sensor, listed by the province
const B = localInstrumentId('jx-u002', 'MON-B'); // 0301, no sensor, power-on events
const C = localInstrumentId('jx-u001', 'MON-SECRET'); // confidential: in no figure outside jx-u001
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const at = (s: string) => new Date(`${s}+08:00`);

/** CSV rows back to objects with the JSON's keys (columns in the JSON's order), numbers as numbers. */
function csvObjects(text: string, keys: string[]): Record<string, unknown>[] {
  const [, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(keys.map((k, i) => [k, r[i] === '' ? null : /^-?(0|[1-9]\d*)(\.\d+)?$/.test(r[i]) ? Number(r[i]) : r[i]])));
}

async function xlsxObjects(body: Buffer, sheet: string, keys: string[]): Promise<Record<string, unknown>[]> {
  const workbook = new Workbook();
  await workbook.xlsx.load(body as any);
  const ws = workbook.getWorksheet(sheet)!;
  const out: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    out.push(Object.fromEntries(keys.map((k, i) => [k, row.getCell(i + 1).value ?? null])));
  });
  return out;
}

/**
 * A hand-computed world (November 2026 use, December 2026 bookings, China time):
 *
 * Sessions (fees in CNY)                                    Power-on (IoT)
 *  s1 A 11-10 09:00–11:00 jx-u001 (own unit)     100        A 11-10 08:00–09:30, 12:30–14:00
 *  s2 A 11-10 10:00–13:00 shanghai unit          300        B 11-12 09:00–11:00
 *  s3 A 11-11 14:00–15:30 anhui natural person   150        C 11-10 18:00–19:00
 *  s4 B 11-12 08:00–10:00 jiangsu unit           200
 *  s5 S 11-13 09:00–12:00 jiaxing unit → shanghai's S  500
 *  s6 C 11-10 09:00–17:00 shanghai unit          999 (confidential: never counted for the DRC)
 *
 * Effective = union of sessions and power-on per instrument and day:
 *  A 11-10: 08:00–09:30 ∪ 09:00–11:00 ∪ 10:00–13:00 ∪ 12:30–14:00 = 08:00–14:00 = 6 h; 11-11: 1.5 h → 7.5 h,
 *    external = s2 3 h + s3 1.5 h = 4.5 h, fees 550, 3 sessions
 *  B: 08:00–10:00 ∪ 09:00–11:00 = 3 h, external 2 h, fees 200, 1 session
 *  S: 3 h, all external, fees 500, 1 session
 *  C: 09:00–17:00 ∪ 18:00–19:00 = 9 h, external 8 h, fees 999, 1 session
 *
 * Bookings granted (confirmed, completed or no-show; hours): b1 A user 12-01 3 h, completed (jiaxing→jiaxing); b2 A partner shanghai 12-02 2 h;
 *  b3 B partner anhui 12-03 1 h; b4 S user 12-04 4 h, no-show (jiaxing→shanghai); b5 C partner shanghai (excluded);
 *  b6 A rejected (not counted); b7 A 2027-01-05 (outside the period).
 *
 * Rated hours: 2026 has 365 days, so a whole year is 1,600 h per instrument.
 */
describe.each(storageModes())('monitoring: cross-region report and indicators from the rollups (%s)', (mode) => {
  let gw: TestGateway;
  let S: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monitoring-'));
  const tokens: Record<string, string> = {};
  const get = (url: string, token?: string) => {
    const r = request(gw.server).get(url);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  };
  const PERIOD = 'from=2026-01-01&to=2026-12-31';

  beforeAll(async () => {
    const partners = path.join(dir, 'partners.json');
    const partner = (id: string) => ({
      id,
      region: id,
      protocol: 'grpc',
      address: '127.0.0.1:1',
      inboundToken: PARTNER_IN_TOKEN(id),
      outboundToken: `unused-outbound-token-${id}-0000`,
      pullIntervalMs: 3_600_000,
    });
    fs.writeFileSync(partners, JSON.stringify([partner('shanghai'), partner('anhui')]));
    // Every cell of this small world rests on one or two sessions: the arithmetic is checked with
    // nothing withheld, the minimum cell size (3 by default) in its own test below.
    gw = await startTestGateway(mode, { PARTNERS_FILE: partners, REPORT_MIN_CELL_SIZE: '1' });
    await gw.seed(JX_UNITS, [
      sem({ localId: 'MON-A', iotSensorId: 'SENSOR-A' }),
      sem({ localId: 'MON-B', unitId: 'jx-u002', categoryCode: '0301' }),
      sem({ localId: 'MON-SECRET', confidentiality: { status: 'confidential' } }),
    ]);
    await gw.app.get(SeedCatalogUseCase).execute({
      region: 'shanghai',
      sourcePlatform: 'shanghai',
      units: [{ id: 'sh-u1', name: '上海某研究所', nameEn: 'A Shanghai institute', region: 'shanghai', city: '上海市', kind: 'institute', sector: 'science' }],
      instruments: [sem({ localId: 'MON-S', unitId: 'sh-u1', city: '上海市', address: '上海市徐汇区' })],
    });
    const db = gw.app.get<Database>(DATABASE).db;
    S = (await sql<{ id: string }>`SELECT id FROM instruments WHERE unit_id = 'sh-u1'`.execute(db)).rows[0].id;
    await sql`UPDATE instruments SET province_listed_on = '2025-10-25' WHERE id = ${A}`.execute(db);

    const record = gw.app.get(RecordUsageSessionUseCase);
    const base = (key: string, instrumentId: string, over: Partial<UsageSessionInput>): UsageSessionInput => ({
      source: 'booking',
      sourceKey: key,
      instrumentId,
      ownerRegion: 'jiaxing',
      ownerUnitId: 'jx-u001',
      categoryCode: '0101',
      requester: { kind: 'unit', unitId: 'jx-u001', region: 'jiaxing' },
      external: false,
      outcome: 'completed',
      recordedBy: 'test',
      ...over,
    });
    await record.execute(base('s1', A, { start: at('2026-11-10T09:00:00'), end: at('2026-11-10T11:00:00'), feeChargedFen: 10_000 }));
    await record.execute(
      base('s2', A, {
        requester: { kind: 'unit', unitId: 'sh-u9', region: 'shanghai' },
        external: true,
        start: at('2026-11-10T10:00:00'),
        end: at('2026-11-10T13:00:00'),
        feeChargedFen: 30_000,
      }),
    );
    await record.execute(
      base('s3', A, {
        requester: { kind: 'person', region: 'anhui' },
        external: true,
        start: at('2026-11-11T14:00:00'),
        end: at('2026-11-11T15:30:00'),
        feeChargedFen: 15_000,
      }),
    );
    await record.execute(
      base('s4', B, {
        ownerUnitId: 'jx-u002',
        categoryCode: '0301',
        requester: { kind: 'unit', unitId: 'js-u1', region: 'jiangsu' },
        external: true,
        start: at('2026-11-12T08:00:00'),
        end: at('2026-11-12T10:00:00'),
        feeChargedFen: 20_000,
      }),
    );
    await record.execute(
      base('s5', S, {
        source: 'partner:shanghai',
        ownerRegion: 'shanghai',
        ownerUnitId: 'sh-u1',
        requester: { kind: 'unit', unitId: 'jx-u002', region: 'jiaxing' },
        external: true,
        start: at('2026-11-13T09:00:00'),
        end: at('2026-11-13T12:00:00'),
        feeChargedFen: 50_000,
      }),
    );
    await record.execute(
      base('s6', C, {
        requester: { kind: 'unit', unitId: 'sh-u9', region: 'shanghai' },
        external: true,
        start: at('2026-11-10T09:00:00'),
        end: at('2026-11-10T17:00:00'),
        feeChargedFen: 99_900,
      }),
    );
    const results = await gw.app.get(IngestPowerEventsUseCase).execute({ id: 'gw-mon', unitIds: ['jx-u001', 'jx-u002'] }, [
      { eventId: 'p1', instrumentId: A, start: at('2026-11-10T08:00:00'), end: at('2026-11-10T09:30:00') },
      { eventId: 'p2', instrumentId: A, start: at('2026-11-10T12:30:00'), end: at('2026-11-10T14:00:00') },
      { eventId: 'p3', instrumentId: B, start: at('2026-11-12T09:00:00'), end: at('2026-11-12T11:00:00') },
      { eventId: 'p4', instrumentId: C, start: at('2026-11-10T18:00:00'), end: at('2026-11-10T19:00:00') },
    ]);
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    await settleRollups(gw.app.get(RollupUsageUseCase));

    // Bookings as the booking lib stores them (users and partners' pseudonymous requesters).
    const booking = async (
      instrumentId: string,
      requester: { user: string } | { partner: string; pseudonym: string },
      start: string,
      end: string,
      status = 'confirmed',
    ) => {
      const user = 'user' in requester;
      await sql`
        INSERT INTO bookings (id, instrument_id, requester_kind, requester_sub, requester_unit_id, requester_partner, requester_pseudonym, status, period, purpose, channel)
        VALUES (${randomUUID()}::uuid, ${instrumentId}, ${user ? 'user' : 'partner'}, ${user ? requester.user : null}, ${user ? 'jx-u002' : null},
          ${user ? null : requester.partner}, ${user ? null : requester.pseudonym}, ${status}, tstzrange(${at(start)}, ${at(end)}), '表征', ${user ? 'http' : `partner:${requester.partner}`})`.execute(
        db,
      );
    };
    await booking(A, { user: 'alice-sub' }, '2026-12-01T09:00:00', '2026-12-01T12:00:00', 'completed');
    await booking(A, { partner: 'shanghai', pseudonym: 'psd-secret-1' }, '2026-12-02T09:00:00', '2026-12-02T11:00:00');
    await booking(B, { partner: 'anhui', pseudonym: 'psd-secret-2' }, '2026-12-03T13:00:00', '2026-12-03T14:00:00');
    await booking(S, { user: 'bob-sub' }, '2026-12-04T10:00:00', '2026-12-04T14:00:00', 'no_show');
    await booking(C, { partner: 'shanghai', pseudonym: 'psd-secret-3' }, '2026-12-05T09:00:00', '2026-12-05T17:00:00');
    await booking(A, { user: 'alice-sub' }, '2026-12-06T09:00:00', '2026-12-06T10:00:00', 'rejected');
    await booking(A, { user: 'alice-sub' }, '2027-01-05T09:00:00', '2027-01-05T10:00:00');

    for (const role of ['drc_monitor', 'admin', 'user', 'customs_officer'] as const) tokens[role] = await gw.token(role);
    tokens.unit_admin = await gw.token('unit_admin', 'jx-u001');
  }, 120_000);
  afterAll(async () => {
    await gw?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives every figure of the cross-region report as computed by hand', async () => {
    const res = await get(`/api/v1/monitoring/cross-region?${PERIOD}`, tokens.drc_monitor).expect(200);
    expect(res.body.period).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(res.body.matrix).toEqual([
      { requesterRegion: 'anhui', ownerRegion: 'jiaxing', bookings: 1, confirmedHours: 1, sessions: 1, effectiveHours: 1.5, feeCny: 150 },
      { requesterRegion: 'jiangsu', ownerRegion: 'jiaxing', bookings: 0, confirmedHours: 0, sessions: 1, effectiveHours: 2, feeCny: 200 },
      { requesterRegion: 'jiaxing', ownerRegion: 'jiaxing', bookings: 1, confirmedHours: 3, sessions: 1, effectiveHours: 2, feeCny: 100 },
      { requesterRegion: 'jiaxing', ownerRegion: 'shanghai', bookings: 1, confirmedHours: 4, sessions: 1, effectiveHours: 3, feeCny: 500 },
      // C's session and booking from Shanghai are in no cell.
      { requesterRegion: 'shanghai', ownerRegion: 'jiaxing', bookings: 1, confirmedHours: 2, sessions: 1, effectiveHours: 3, feeCny: 300 },
    ]);
    expect(res.body.trend).toEqual([
      // 7.5 + 3 + 3 = 13.5 h effective; external 4.5 + 2 + 3 = 9.5 h; across regions s2 3 + s3 1.5 + s4 2 + s5 3 = 9.5 h; 550 + 200 + 500 CNY.
      { month: '2026-11', bookings: 0, confirmedHours: 0, sessions: 5, effectiveHours: 13.5, externalHours: 9.5, crossRegionHours: 9.5, feeCny: 1250 },
      // b1 3 h + b2 2 h + b3 1 h + b4 4 h.
      { month: '2026-12', bookings: 4, confirmedHours: 10, sessions: 0, effectiveHours: 0, externalHours: 0, crossRegionHours: 0, feeCny: 0 },
    ]);
    expect(res.body.categories).toEqual([
      // A and S: 7.5 + 3 = 10.5 h of 2 × 1600 h = 0.0033; shared 4.5 + 3 = 7.5 / 10.5 = 0.7143.
      {
        categoryCode: '0101',
        categoryName: '电子光学仪器',
        categoryNameEn: 'Electron optical instruments',
        instruments: 2,
        effectiveHours: 10.5,
        externalHours: 7.5,
        ratedHours: 3200,
        utilisation: 0.0033,
        sharingRate: 0.7143,
        sessions: 4,
        feeCny: 1050,
      },
      // B: 3 / 1600 = 0.001875 → 0.0019; 2 / 3 = 0.6667.
      {
        categoryCode: '0301',
        categoryName: '长度计量仪器',
        categoryNameEn: 'Length metrology instruments',
        instruments: 1,
        effectiveHours: 3,
        externalHours: 2,
        ratedHours: 1600,
        utilisation: 0.0019,
        sharingRate: 0.6667,
        sessions: 1,
        feeCny: 200,
      },
    ]);
    expect(res.body.units).toEqual([
      // jx-u001 without its confidential C: A alone, 7.5 / 1600 = 0.0047, 4.5 / 7.5 = 0.6.
      {
        ownerRegion: 'jiaxing',
        unitId: 'jx-u001',
        instruments: 1,
        effectiveHours: 7.5,
        externalHours: 4.5,
        ratedHours: 1600,
        utilisation: 0.0047,
        sharingRate: 0.6,
        sessions: 3,
        feeCny: 550,
      },
      {
        ownerRegion: 'jiaxing',
        unitId: 'jx-u002',
        instruments: 1,
        effectiveHours: 3,
        externalHours: 2,
        ratedHours: 1600,
        utilisation: 0.0019,
        sharingRate: 0.6667,
        sessions: 1,
        feeCny: 200,
      },
      {
        ownerRegion: 'shanghai',
        unitId: 'sh-u1',
        instruments: 1,
        effectiveHours: 3,
        externalHours: 3,
        ratedHours: 1600,
        utilisation: 0.0019,
        sharingRate: 1,
        sessions: 1,
        feeCny: 500,
      },
    ]);
    expect(res.body.crossRegionInstruments).toEqual([
      {
        instrumentId: A,
        ownerRegion: 'jiaxing',
        unitId: 'jx-u001',
        categoryCode: '0101',
        requesterRegions: 'anhui shanghai',
        sessions: 2,
        crossRegionHours: 4.5,
        feeCny: 450,
      },
      {
        instrumentId: S,
        ownerRegion: 'shanghai',
        unitId: 'sh-u1',
        categoryCode: '0101',
        requesterRegions: 'jiaxing',
        sessions: 1,
        crossRegionHours: 3,
        feeCny: 500,
      },
      {
        instrumentId: B,
        ownerRegion: 'jiaxing',
        unitId: 'jx-u002',
        categoryCode: '0301',
        requesterRegions: 'jiangsu',
        sessions: 1,
        crossRegionHours: 2,
        feeCny: 200,
      },
    ]);
    // Our own catalog and each configured partner, as GET /federation/sources reports them.
    expect(res.body.sources.map((s: { source: string }) => s.source).sort()).toEqual(['anhui', 'local', 'shanghai']);
  });

  it('withholds every figure resting on fewer than 3 sessions or bookings, and what a total would give back (Arts. 11, 17)', async () => {
    const reports = gw.config.reports as { minCellSize: number };
    reports.minCellSize = 3;
    try {
      const res = await get(`/api/v1/monitoring/cross-region?${PERIOD}`, tokens.drc_monitor).expect(200);
      const use = { sessions: null, effectiveHours: null, feeCny: null };
      const demand = { bookings: null, confirmedHours: null };
      // One session and at most one booking per cell: all withheld (jiangsu's no booking stays 0).
      expect(res.body.matrix).toEqual([
        { requesterRegion: 'anhui', ownerRegion: 'jiaxing', ...demand, ...use },
        { requesterRegion: 'jiangsu', ownerRegion: 'jiaxing', bookings: 0, confirmedHours: 0, ...use },
        { requesterRegion: 'jiaxing', ownerRegion: 'jiaxing', ...demand, ...use },
        { requesterRegion: 'jiaxing', ownerRegion: 'shanghai', ...demand, ...use },
        { requesterRegion: 'shanghai', ownerRegion: 'jiaxing', ...demand, ...use },
      ]);
      // A month of 5 sessions and one of 4 bookings are sums over enough people: as computed by hand.
      expect(res.body.trend).toEqual([
        { month: '2026-11', bookings: 0, confirmedHours: 0, sessions: 5, effectiveHours: 13.5, externalHours: 9.5, crossRegionHours: 9.5, feeCny: 1250 },
        { month: '2026-12', bookings: 4, confirmedHours: 10, sessions: 0, effectiveHours: 0, externalHours: 0, crossRegionHours: 0, feeCny: 0 },
      ]);
      // 0301 is B's one session; 0101 goes with it, or the month's 5 sessions minus 0101's 4 would give it back.
      const withheld = { effectiveHours: null, externalHours: null, utilisation: null, sharingRate: null, sessions: null, feeCny: null };
      expect(res.body.categories).toEqual([
        expect.objectContaining({ categoryCode: '0101', instruments: 2, ratedHours: 3200, ...withheld }),
        expect.objectContaining({ categoryCode: '0301', instruments: 1, ratedHours: 1600, ...withheld }),
      ]);
      expect(res.body.units.map((u: { unitId: string; sessions: number | null }) => [u.unitId, u.sessions])).toEqual([
        ['jx-u001', null],
        ['jx-u002', null],
        ['sh-u1', null],
      ]);
      // No instrument had 3 sessions from another region.
      expect(res.body.crossRegionInstruments).toEqual([]);
      const csv = await get(`/api/v1/monitoring/cross-region?${PERIOD}&format=csv&table=categories`, tokens.drc_monitor).expect(200);
      expect(csvObjects(csv.text, Object.keys(res.body.categories[0]))).toEqual(res.body.categories);
    } finally {
      reports.minCellSize = 1;
    }
  });

  it('gives the indicators per region for the DRC, and a unit admin its own unit only, its confidential instrument included', async () => {
    const drc = await get(`/api/v1/monitoring/indicators?${PERIOD}&groupBy=region`, tokens.drc_monitor).expect(200);
    expect(drc.body.items).toEqual([
      // A + B: 10.5 h of 3200 h; external 4.5 + 2 = 6.5 / 10.5 = 0.619; 550 + 200 CNY; A listed by the province (1 of 2);
      // A has a sensor and B power-on events: IoT coverage 2 of 2.
      {
        ownerRegion: 'jiaxing',
        instruments: 2,
        effectiveHours: 10.5,
        externalHours: 6.5,
        ratedHours: 3200,
        utilisation: 0.0033,
        sharingRate: 0.619,
        feeCny: 750,
        provincialShare: 0.5,
        iotCoverage: 1,
      },
      // Shanghai's instruments are not on Zhejiang's platform: no share. No sensor, no power-on.
      {
        ownerRegion: 'shanghai',
        instruments: 1,
        effectiveHours: 3,
        externalHours: 3,
        ratedHours: 1600,
        utilisation: 0.0019,
        sharingRate: 1,
        feeCny: 500,
        provincialShare: null,
        iotCoverage: 0,
      },
    ]);
    const unit = await get(`/api/v1/monitoring/indicators?${PERIOD}&groupBy=instrument`, tokens.unit_admin).expect(200);
    expect(unit.body.items).toEqual([
      {
        instrumentId: A,
        ownerRegion: 'jiaxing',
        unitId: 'jx-u001',
        categoryCode: '0101',
        instruments: 1,
        effectiveHours: 7.5,
        externalHours: 4.5,
        ratedHours: 1600,
        utilisation: 0.0047,
        sharingRate: 0.6,
        feeCny: 550,
        provincialShare: 1,
        iotCoverage: 1,
      },
      // C, its own: 9 h (09:00–17:00 ∪ 18:00–19:00) / 1600 = 0.005625 → 0.0056; 8 / 9 = 0.8889.
      {
        instrumentId: C,
        ownerRegion: 'jiaxing',
        unitId: 'jx-u001',
        categoryCode: '0101',
        instruments: 1,
        effectiveHours: 9,
        externalHours: 8,
        ratedHours: 1600,
        utilisation: 0.0056,
        sharingRate: 0.8889,
        feeCny: 999,
        provincialShare: 0,
        iotCoverage: 1,
      },
    ]);
  });

  it('lets only the DRC and admins read the cross-region report, and unit admins their own indicators', async () => {
    await get(`/api/v1/monitoring/cross-region?${PERIOD}`, tokens.admin).expect(200);
    for (const role of ['user', 'unit_admin', 'customs_officer']) {
      const res = await get(`/api/v1/monitoring/cross-region?${PERIOD}`, tokens[role]).expect(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await get(`/api/v1/monitoring/cross-region?${PERIOD}`).expect(401);
    await get(`/api/v1/monitoring/indicators?${PERIOD}`, tokens.admin).expect(200);
    await get(`/api/v1/monitoring/indicators?${PERIOD}`, tokens.user).expect(403);
    await get(`/api/v1/monitoring/indicators?${PERIOD}`, tokens.customs_officer).expect(403);
    await get(`/api/v1/monitoring/indicators?${PERIOD}`).expect(401);
  });

  it('refuses bad periods and parameters with problem+json', async () => {
    for (const q of [
      'from=2026-02-30&to=2026-03-31',
      'from=2026-05-01&to=2026-04-30',
      'from=2020-01-01&to=2025-01-01',
      'from=26-01-01',
      'format=pdf',
      'groupBy=person',
      'userId=alice-sub',
    ]) {
      const res = await get(`/api/v1/monitoring/indicators?${q}`, tokens.drc_monitor);
      expect([q, res.status]).toEqual([q, 400]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    // Exactly five years is allowed; the default is the last twelve months.
    await get('/api/v1/monitoring/cross-region?from=2021-01-01&to=2025-12-31', tokens.drc_monitor).expect(200);
    const fallback = await get('/api/v1/monitoring/cross-region', tokens.drc_monitor).expect(200);
    expect(fallback.body.period).toEqual({ from: '2025-11-30', to: '2026-11-29' });
  });

  it('exports the same figures as CSV and XLSX, with no confidential instrument, no user id and no pseudonym', async () => {
    const json = (await get(`/api/v1/monitoring/cross-region?${PERIOD}`, tokens.drc_monitor).expect(200)).body;
    const csv = await get(`/api/v1/monitoring/cross-region?${PERIOD}&format=csv&table=categories`, tokens.drc_monitor).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csvObjects(csv.text, Object.keys(json.categories[0]))).toEqual(json.categories);
    const viaAccept = await get(`/api/v1/monitoring/cross-region?${PERIOD}`, tokens.drc_monitor).set('Accept', 'text/csv').expect(200);
    expect(csvObjects(viaAccept.text, Object.keys(json.matrix[0]))).toEqual(json.matrix);
    const xlsx = await get(`/api/v1/monitoring/cross-region?${PERIOD}`, tokens.drc_monitor).set('Accept', XLSX).buffer(true).parse(binary).expect(200);
    expect(xlsx.headers['content-type']).toContain(XLSX);
    for (const table of ['matrix', 'trend', 'categories', 'units', 'crossRegionInstruments']) {
      expect(await xlsxObjects(xlsx.body, table, Object.keys(json[table][0]))).toEqual(json[table]);
    }
    const indicators = await get(`/api/v1/monitoring/indicators?${PERIOD}&groupBy=instrument&format=xlsx`, tokens.drc_monitor)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const indicatorsCsv = await get(`/api/v1/monitoring/indicators?${PERIOD}&groupBy=instrument&format=csv`, tokens.drc_monitor).expect(200);
    const indicatorsJson = (await get(`/api/v1/monitoring/indicators?${PERIOD}&groupBy=instrument`, tokens.drc_monitor).expect(200)).body;
    expect(indicatorsJson.items.map((i: { instrumentId: string }) => i.instrumentId)).toEqual([A, B, S].sort());
    expect(csvObjects(indicatorsCsv.text, Object.keys(indicatorsJson.items[0]))).toEqual(indicatorsJson.items);

    const texts = [
      JSON.stringify(json),
      JSON.stringify(indicatorsJson),
      csv.text,
      viaAccept.text,
      indicatorsCsv.text,
      await xlsxText(xlsx.body),
      await xlsxText(indicators.body),
    ];
    for (const secret of [C, 'MON-SECRET', 'alice-sub', 'bob-sub', 'psd-secret', 'sh-u9', 'js-u1', '999']) {
      for (const text of texts) expect(text.includes(secret) ? secret : '').toBe('');
    }
  });
});

function binary(res: request.Response, done: (e: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function xlsxText(body: Buffer): Promise<string> {
  const workbook = new Workbook();
  await workbook.xlsx.load(body as any);
  const cells: string[] = [];
  workbook.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
  return cells.join('\n');
}
