import { sql } from '@app/persistence';
import type { UsageSessionInput } from '@app/usage';
import { sessionDay } from '@app/usage';
import { PowerEventRepository } from '../../libs/usage/src/infrastructure/power-event.repository';
import { UsageReportRepository } from '../../libs/usage/src/infrastructure/usage-report.repository';
import { UsageRollupRepository } from '../../libs/usage/src/infrastructure/usage-rollup.repository';
import { DAY_ROLLUPS, MONTHLY_ROLLUPS } from '../../libs/usage/src/infrastructure/monthly-rollups';
import { UsageSessionRepository } from '../../libs/usage/src/infrastructure/usage-session.repository';
import { RollupUsageUseCase } from '../../libs/usage/src/use-cases/rollup-usage.usecase';
import { openTestDatabase, storageModes } from '../support/databases';

const A = 'jiaxing:jx-u001.A';
const at = (iso: string) => new Date(iso);
const session = (key: string, over: Partial<UsageSessionInput>): UsageSessionInput => ({
  source: 'booking',
  sourceKey: key,
  instrumentId: A,
  ownerRegion: 'jiaxing',
  ownerUnitId: 'jx-u001',
  categoryCode: '0301',
  requester: { kind: 'unit', unitId: 'jx-u001', region: 'jiaxing' },
  external: false,
  outcome: 'completed',
  recordedBy: 'test',
  ...over,
});

/**
 * A hand-computed day: sessions that overlap each other and the power-on
 * intervals, one crossing China midnight, a no-show. Every figure below is
 * worked out by hand from the intervals, not by the code under test.
 */
describe.each(storageModes())('usage rollups (%s)', (mode) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let sessions: UsageSessionRepository;
  let power: PowerEventRepository;
  let rollups: UsageRollupRepository;
  const record = (s: UsageSessionInput) => sessions.record(s, sessionDay(s));
  const daily = async () =>
    (
      await sql<Record<string, unknown>>`
        SELECT to_char(day, 'YYYY-MM-DD') AS day, effective_seconds, external_seconds, session_seconds, power_seconds, fee_fen::int AS fee_fen, sessions, no_shows
        FROM usage_instrument_daily WHERE instrument_id = ${A} ORDER BY day`.execute(database.db)
    ).rows;
  const flows = async () =>
    (
      await sql<Record<string, unknown>>`
        SELECT to_char(day, 'YYYY-MM-DD') AS day, requester_region, requester_unit_id, external, session_seconds, fee_fen::int AS fee_fen, sessions, no_shows
        FROM usage_flow_daily WHERE instrument_id = ${A} ORDER BY day, requester_region, requester_unit_id`.execute(database.db)
    ).rows;

  // The instruments most used across regions, summed from the daily rows of the instruments not excluded.
  const expectedTop = async (scope: { from: string; to: string; excluded: string[] }) =>
    (
      await sql<{ instrumentId: string; sessionSeconds: number; regions: string[] }>`
        SELECT instrument_id AS "instrumentId", sum(session_seconds)::int AS "sessionSeconds", array_agg(DISTINCT requester_region ORDER BY requester_region) AS regions
        FROM usage_flow_daily
        WHERE day BETWEEN ${scope.from}::date AND ${scope.to}::date AND NOT (instrument_id = ANY(${scope.excluded}::text[]))
          AND requester_region <> '' AND requester_region <> owner_region
        GROUP BY 1 ORDER BY sum(session_seconds) DESC, sum(sessions) DESC, 1`.execute(database.db)
    ).rows;
  // Each per-day rollup (migration 0032) as it is, and as the daily rows (of the excluded set's instruments, for a twin) sum per day.
  const perDay = async () => {
    const out: Record<string, { kept: unknown[]; summed: unknown[] }> = {};
    for (const m of DAY_ROLLUPS) {
      const keys = sql.raw(m.keys.join(', '));
      const measures = sql.raw(m.measures.map((c) => `${c}::bigint::text AS ${c}`).join(', '));
      const only = m.onlyExcluded ? sql`WHERE instrument_id IN (SELECT instrument_id FROM usage_excluded_instruments)` : sql``;
      out[m.table] = {
        kept: (
          await sql`SELECT to_char(day, 'YYYY-MM-DD') AS day, ${keys}, days, ${measures} FROM ${sql.table(m.table)} WHERE days <> 0 ORDER BY 1, ${keys}`.execute(
            database.db,
          )
        ).rows,
        summed: (
          await sql`SELECT to_char(day, 'YYYY-MM-DD') AS day, ${keys}, count(*)::int AS days, ${sql.raw(m.measures.map((c) => `sum(${c})::bigint::text AS ${c}`).join(', '))}
            FROM ${sql.table(m.daily)} ${only} GROUP BY day, ${keys} ORDER BY 1, ${keys}`.execute(database.db)
        ).rows,
      };
    }
    return out;
  };
  const expectPerDayAsSummed = async () => {
    for (const [table, { kept, summed }] of Object.entries(await perDay())) expect({ table, rows: kept }).toEqual({ table, rows: summed });
  };
  const gotTop = async (reports: UsageReportRepository, scope: { from: string; to: string; excluded: string[] }, limit: number) =>
    (await reports.topCrossRegion(scope, limit)).map((t) => ({ instrumentId: t.instrumentId, sessionSeconds: t.sessionSeconds, regions: t.requesterRegions }));

  beforeAll(async () => {
    database = await openTestDatabase(mode);
    sessions = new UsageSessionRepository(database.db);
    power = new PowerEventRepository(database.db);
    rollups = new UsageRollupRepository(database.db);
    await record(session('s1', { start: at('2026-03-02T09:00:00+08:00'), end: at('2026-03-02T11:00:00+08:00'), feeChargedFen: 10_000 }));
    await record(
      session('s2', {
        requester: { kind: 'unit', unitId: 'jx-u002', region: 'jiaxing' },
        external: true,
        start: at('2026-03-02T10:30:00+08:00'),
        end: at('2026-03-02T12:00:00+08:00'),
        feeChargedFen: 20_000,
      }),
    );
    await record(
      session('s3', {
        requester: { kind: 'unit', unitId: 'sh-u1', region: 'shanghai' },
        external: true,
        start: at('2026-03-02T23:00:00+08:00'),
        end: at('2026-03-03T01:00:00+08:00'),
        feeChargedFen: 30_000,
      }),
    );
    await record(session('s4', { requester: { kind: 'person' }, external: true, outcome: 'no_show', scheduledStart: at('2026-03-02T15:00:00+08:00') }));
    const event = (eventId: string, start: string, end: string) => ({
      eventId,
      instrumentId: A,
      start: at(start),
      end: at(end),
      ownerRegion: 'jiaxing',
      ownerUnitId: 'jx-u001',
      categoryCode: '0301',
    });
    await power.insertBatch('gw-1', [
      event('e1', '2026-03-02T08:30:00+08:00', '2026-03-02T09:30:00+08:00'),
      event('e2', '2026-03-02T13:00:00+08:00', '2026-03-02T14:00:00+08:00'),
      event('e3', '2026-03-03T00:30:00+08:00', '2026-03-03T02:00:00+08:00'),
    ]);
    await rollups.rollupBatch(500);
  }, 60_000);
  afterAll(() => database?.dispose());

  it('counts effective time as the union of sessions and power-on, per China day, never twice', async () => {
    expect(await daily()).toEqual([
      // 08:30–12:00 + 13:00–14:00 + 23:00–24:00 = 5.5 h; external 10:30–12:00 + 23:00–24:00 = 2.5 h;
      // sessions 09:00–12:00 + 23:00–24:00 = 4 h; power 2 h; fees of the three sessions that started that day.
      {
        day: '2026-03-02',
        effective_seconds: 19_800,
        external_seconds: 9_000,
        session_seconds: 14_400,
        power_seconds: 7_200,
        fee_fen: 60_000,
        sessions: 3,
        no_shows: 1,
      },
      // 00:00–01:00 (session) ∪ 00:30–02:00 (power) = 2 h.
      {
        day: '2026-03-03',
        effective_seconds: 7_200,
        external_seconds: 3_600,
        session_seconds: 3_600,
        power_seconds: 5_400,
        fee_fen: 0,
        sessions: 0,
        no_shows: 0,
      },
    ]);
  });

  it('splits use by requesting region and unit, a natural person under no unit', async () => {
    expect(await flows()).toEqual([
      { day: '2026-03-02', requester_region: '', requester_unit_id: '', external: true, session_seconds: 0, fee_fen: 0, sessions: 0, no_shows: 1 },
      {
        day: '2026-03-02',
        requester_region: 'jiaxing',
        requester_unit_id: 'jx-u001',
        external: false,
        session_seconds: 7_200,
        fee_fen: 10_000,
        sessions: 1,
        no_shows: 0,
      },
      {
        day: '2026-03-02',
        requester_region: 'jiaxing',
        requester_unit_id: 'jx-u002',
        external: true,
        session_seconds: 5_400,
        fee_fen: 20_000,
        sessions: 1,
        no_shows: 0,
      },
      {
        day: '2026-03-02',
        requester_region: 'shanghai',
        requester_unit_id: 'sh-u1',
        external: true,
        session_seconds: 3_600,
        fee_fen: 30_000,
        sessions: 1,
        no_shows: 0,
      },
      {
        day: '2026-03-03',
        requester_region: 'shanghai',
        requester_unit_id: 'sh-u1',
        external: true,
        session_seconds: 3_600,
        fee_fen: 0,
        sessions: 0,
        no_shows: 0,
      },
    ]);
  });

  it('stores a report sent twice once, and changes nothing', async () => {
    const again = await record(session('s1', { start: at('2026-03-02T09:00:00+08:00'), end: at('2026-03-02T11:00:00+08:00'), feeChargedFen: 10_000 }));
    expect(again.kind).toBe('unchanged');
    const resent = await power.insertBatch('gw-1', [
      {
        eventId: 'e1',
        instrumentId: A,
        start: at('2026-03-02T08:30:00+08:00'),
        end: at('2026-03-02T09:30:00+08:00'),
        ownerRegion: 'jiaxing',
        categoryCode: '0301',
      },
    ]);
    expect(resent.inserted.size).toBe(0);
    expect(resent.existing.get('e1')?.start).toEqual(at('2026-03-02T08:30:00+08:00'));
    expect(await rollups.backlog()).toBe(0);
    expect((await daily())[0]).toMatchObject({ effective_seconds: 19_800, fee_fen: 60_000, sessions: 3 });
  });

  it('keeps the first report when another arrives under the same key and version, and applies a higher version', async () => {
    const clash = await record(
      session('s2', {
        requester: { kind: 'unit', unitId: 'jx-u002', region: 'jiaxing' },
        external: true,
        start: at('2026-03-02T10:30:00+08:00'),
        end: at('2026-03-02T12:30:00+08:00'),
        feeChargedFen: 20_000,
      }),
    );
    expect(clash.kind).toBe('conflict');
    // Corrected: the external session really ended at 11:30.
    const corrected = await record(
      session('s2', {
        version: 2,
        requester: { kind: 'unit', unitId: 'jx-u002', region: 'jiaxing' },
        external: true,
        start: at('2026-03-02T10:30:00+08:00'),
        end: at('2026-03-02T11:30:00+08:00'),
        feeChargedFen: 15_000,
      }),
    );
    expect(corrected.kind).toBe('corrected');
    await rollups.rollupBatch(500);
    // 08:30–11:30 + 13:00–14:00 + 23:00–24:00 = 5 h; external 10:30–11:30 + 23:00–24:00 = 2 h.
    expect((await daily())[0]).toMatchObject({ effective_seconds: 18_000, external_seconds: 7_200, session_seconds: 12_600, fee_fen: 55_000 });
  });

  it('rebuilds the same figures from the raw rows', async () => {
    const before = { daily: await daily(), flows: await flows() };
    await sql`DELETE FROM usage_instrument_daily`.execute(database.db);
    await sql`DELETE FROM usage_flow_daily`.execute(database.db);
    expect(await rollups.markAll()).toBeGreaterThan(0);
    while ((await rollups.rollupBatch(1)) > 0);
    // What RollupUsageUseCase.rebuild does last: the monthly rows summed again from the daily (the deleted daily rows were never subtracted).
    await rollups.resumMonths();
    expect({ daily: await daily(), flows: await flows() }).toEqual(before);
    // The per-day rollups too: the job added the rewritten days to rows that still held the deleted ones, the sum again repairs them.
    await expectPerDayAsSummed();
  });

  it('rebuilds a month of marks in one transaction, leaving other months stale until their turn, and sums the months again', async () => {
    const E = 'jiaxing:jx-u009.E';
    await record(
      session('e-april', {
        instrumentId: E,
        ownerUnitId: 'jx-u009',
        start: at('2026-04-10T09:00:00+08:00'),
        end: at('2026-04-10T10:30:00+08:00'),
        feeChargedFen: 700,
      }),
    );
    const before = { daily: await daily(), flows: await flows() };
    const ofE = async () =>
      (
        await sql<{ day: string; effective_seconds: number; fee_fen: number }>`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, effective_seconds, fee_fen::int AS fee_fen FROM usage_instrument_daily WHERE instrument_id = ${E}`.execute(
          database.db,
        )
      ).rows;
    await sql`DELETE FROM usage_instrument_daily`.execute(database.db);
    await sql`DELETE FROM usage_flow_daily`.execute(database.db);
    // A's two March days (the session across midnight makes the second) and E's April day.
    expect(await rollups.markAll()).toBe(3);
    expect(await rollups.rebuildDays('2026-03-01', '2026-03-31')).toBe(2);
    expect({ daily: await daily(), flows: await flows() }).toEqual(before);
    // The month's per-day rollups were written with its daily rows, in its transaction.
    expect((await perDay()).usage_unit_daily.kept).toEqual([
      expect.objectContaining({ day: '2026-03-02', owner_unit_id: 'jx-u001', days: 1, fee_fen: '55000', sessions: '3' }),
      expect.objectContaining({ day: '2026-03-03', owner_unit_id: 'jx-u001', days: 1, fee_fen: '0' }),
    ]);
    expect({ backlog: await rollups.backlog(), e: await ofE() }).toEqual({ backlog: 1, e: [] });

    expect(await new RollupUsageUseCase(rollups).rebuild()).toBe(3);
    expect({ backlog: await rollups.backlog(), a: { daily: await daily(), flows: await flows() }, e: await ofE() }).toEqual({
      backlog: 0,
      a: before,
      e: [{ day: '2026-04-10', effective_seconds: 5_400, fee_fen: 700 }],
    });
    await expectPerDayAsSummed();
    // The monthly rows are the daily rows' sums again (the daily rows deleted by hand above were never subtracted).
    const monthly = await sql<{ month: string; days: number; fee: number }>`
      SELECT to_char(month, 'YYYY-MM') AS month, sum(days)::int AS days, sum(fee_fen)::int AS fee FROM usage_unit_monthly GROUP BY 1 ORDER BY 1`.execute(
      database.db,
    );
    const summed = await sql<{ month: string; days: number; fee: number }>`
      SELECT to_char(day, 'YYYY-MM') AS month, count(*)::int AS days, sum(fee_fen)::int AS fee FROM usage_instrument_daily GROUP BY 1 ORDER BY 1`.execute(
      database.db,
    );
    expect(monthly.rows).toEqual(summed.rows);
    expect(monthly.rows).toEqual([
      { month: '2026-03', days: 2, fee: 55_000 },
      { month: '2026-04', days: 1, fee: 700 },
    ]);
  });

  it('sums again, in the next rollup job, the months a rebuild rewrote and was killed before summing', async () => {
    const F = 'jiaxing:jx-u009.F';
    const monthlyOfMay = async () => ({
      unit: (
        await sql<{ days: number; fee: number }>`
        SELECT sum(days)::int AS days, sum(fee_fen)::int AS fee FROM usage_unit_monthly WHERE month = '2026-05-01'`.execute(database.db)
      ).rows[0],
      instrument: (
        await sql<{ days: number; fee: number }>`
        SELECT days, fee_fen::int AS fee FROM usage_instrument_monthly WHERE month = '2026-05-01' AND instrument_id = ${F}`.execute(database.db)
      ).rows,
      trailing: (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM usage_instrument_cross_trailing WHERE instrument_id = ${F} AND days > 0`.execute(database.db)
      ).rows[0].n,
    });
    const before = await monthlyOfMay();
    // Written while a rebuild runs: its mark is taken by the rebuild's month, which rewrites the day without the monthly difference.
    await record(
      session('f-may', {
        instrumentId: F,
        ownerUnitId: 'jx-u009',
        requester: { kind: 'unit', unitId: 'x-9', region: 'anhui' },
        external: true,
        start: at('2026-05-06T09:00:00+08:00'),
        end: at('2026-05-06T11:00:00+08:00'),
        feeChargedFen: 900,
      }),
    );
    expect(await rollups.rebuildDays('2026-05-01', '2026-05-31')).toBe(1);
    // Killed here, before the rebuild's final sums: the daily row is there, and the next job run brings the months up to it.
    await new RollupUsageUseCase(rollups).execute();
    expect(await monthlyOfMay()).toEqual({
      unit: { days: (before.unit.days ?? 0) + 1, fee: (before.unit.fee ?? 0) + 900 },
      instrument: [{ days: 1, fee: 900 }],
      // Cross-region (anhui → jiaxing): the twelve trailing months from May 2026.
      trailing: 12,
    });
  });

  it('reports from the monthly rollups exactly what the daily rows of the instruments not excluded sum to, in whole and partial months', async () => {
    const B = 'jiaxing:jx-u001.B';
    const C = 'jiaxing:jx-u002.C';
    for (const [key, instrumentId, start, region] of [
      ['b1', B, '2026-03-15T09:00:00+08:00', 'shanghai'],
      ['b2', B, '2026-04-02T09:00:00+08:00', 'anhui'],
      ['b3', B, '2026-05-20T09:00:00+08:00', 'shanghai'],
      ['c1', C, '2026-03-15T10:00:00+08:00', 'shanghai'],
      ['c2', C, '2026-04-28T10:00:00+08:00', 'jiangsu'],
    ] as const) {
      const s = at(start);
      await record(
        session(key, {
          instrumentId,
          ownerUnitId: instrumentId === C ? 'jx-u002' : 'jx-u001',
          categoryCode: instrumentId === C ? '0402' : '0301',
          requester: { kind: 'unit', unitId: 'x-1', region },
          external: true,
          start: s,
          end: new Date(s.getTime() + 3 * 3600_000),
          feeChargedFen: 1_000,
        }),
      );
    }
    await rollups.rollupBatch(500);
    // The cut months' days are read from the per-day rollups (migration 0032), which the job keeps as the daily rows' sums.
    await expectPerDayAsSummed();
    const reports = new UsageReportRepository(database.db);
    for (const [from, to] of [
      ['2026-03-01', '2026-05-31'],
      ['2026-03-02', '2026-04-30'],
      ['2026-03-10', '2026-05-25'],
      ['2026-04-01', '2026-04-30'],
    ]) {
      for (const excluded of [[], [C], [A, B]]) {
        const scope = { from, to, excluded };
        const counted = sql`day BETWEEN ${from}::date AND ${to}::date AND NOT (instrument_id = ANY(${excluded}::text[]))`;
        const flowsExpected = await sql<{
          requesterRegion: string;
          ownerRegion: string;
          month: string;
          sessionSeconds: number;
          feeFen: number;
          sessions: number;
        }>`
          SELECT requester_region AS "requesterRegion", owner_region AS "ownerRegion", to_char(day, 'YYYY-MM') AS month, sum(session_seconds)::int AS "sessionSeconds",
            sum(fee_fen)::int AS "feeFen", sum(sessions)::int AS sessions
          FROM usage_flow_daily WHERE ${counted} GROUP BY 1, 2, 3 ORDER BY 3, 1, 2`.execute(database.db);
        expect({ from, to, excluded, flows: await reports.flows(scope) }).toEqual({ from, to, excluded, flows: flowsExpected.rows });
        const together = await reports.totalsByMonthCategoryUnit(scope);
        for (const [by, key] of [
          ['month', sql`to_char(day, 'YYYY-MM')`],
          ['category', sql`category_code`],
          ['unit', sql`owner_region || '|' || owner_unit_id`],
        ] as const) {
          const expected = await sql<{
            key: string;
            effectiveSeconds: number;
            externalSeconds: number;
            powerSeconds: number;
            feeFen: number;
            sessions: number;
            noShows: number;
          }>`
            SELECT ${key} AS key, sum(effective_seconds)::int AS "effectiveSeconds", sum(external_seconds)::int AS "externalSeconds", sum(power_seconds)::int AS "powerSeconds",
              sum(fee_fen)::int AS "feeFen", sum(sessions)::int AS sessions, sum(no_shows)::int AS "noShows"
            FROM usage_instrument_daily WHERE ${counted} GROUP BY 1 ORDER BY 1`.execute(database.db);
          const got = (await reports.totals(scope, by)).map(({ key: k, effectiveSeconds, externalSeconds, powerSeconds, feeFen, sessions: n, noShows }) => ({
            key: k,
            effectiveSeconds,
            externalSeconds,
            powerSeconds,
            feeFen,
            sessions: n,
            noShows,
          }));
          expect({ from, to, excluded, by, got }).toEqual({ from, to, excluded, by, got: expected.rows });
          // The three dimensions in one statement (the cross-region report's read) say the same, owner columns included.
          expect({ from, to, excluded, by, together: together[by] }).toEqual({ from, to, excluded, by, together: await reports.totals(scope, by) });
        }
        expect({ from, to, excluded, top: await gotTop(reports, scope, 10) }).toEqual({ from, to, excluded, top: await expectedTop(scope) });
      }
    }
  });

  it('keeps an instrument declared confidential or exempted out of every figure through the excluded twins, its whole history included, until it is declassified', async () => {
    const D = 'jiaxing:jx-u003.D';
    const d = (key: string, start: string, region: 'anhui' | 'shanghai' | 'jiangsu') =>
      record(
        session(key, {
          instrumentId: D,
          ownerUnitId: 'jx-u003',
          categoryCode: '0505',
          requester: { kind: 'unit', unitId: 'x-2', region },
          external: true,
          start: at(start),
          end: new Date(at(start).getTime() + 2 * 3600_000),
          feeChargedFen: 500,
        }),
      );
    await d('d1', '2026-06-10T09:00:00+08:00', 'anhui');
    await d('d2', '2026-07-03T09:00:00+08:00', 'shanghai');
    await rollups.rollupBatch(500);
    const twins = MONTHLY_ROLLUPS.filter((m) => m.onlyExcluded);
    expect(twins.map((m) => m.table).sort()).toEqual(['usage_category_excluded_monthly', 'usage_flow_excluded_monthly', 'usage_unit_excluded_monthly']);
    const twinRows = async () => {
      const out: Record<string, unknown[]> = {};
      for (const m of twins)
        out[m.table] = (
          await sql`SELECT to_char(month, 'YYYY-MM') AS month, ${sql.raw(m.keys.join(', '))}, days, ${sql.raw(m.measures.map((c) => `${c}::int`).join(', '))} FROM ${sql.table(m.table)} ORDER BY 1, 2`.execute(
            database.db,
          )
        ).rows;
      return out;
    };
    // By hand: D's two 2-hour sessions, 500 fen each, one in June (from anhui), one in July (from shanghai).
    const declared = {
      usage_unit_excluded_monthly: [
        {
          month: '2026-06',
          owner_region: 'jiaxing',
          owner_unit_id: 'jx-u003',
          days: 1,
          effective_seconds: 7200,
          external_seconds: 7200,
          session_seconds: 7200,
          power_seconds: 0,
          fee_fen: 500,
          sessions: 1,
          no_shows: 0,
        },
        {
          month: '2026-07',
          owner_region: 'jiaxing',
          owner_unit_id: 'jx-u003',
          days: 1,
          effective_seconds: 7200,
          external_seconds: 7200,
          session_seconds: 7200,
          power_seconds: 0,
          fee_fen: 500,
          sessions: 1,
          no_shows: 0,
        },
      ],
      usage_category_excluded_monthly: [
        {
          month: '2026-06',
          category_code: '0505',
          days: 1,
          effective_seconds: 7200,
          external_seconds: 7200,
          session_seconds: 7200,
          power_seconds: 0,
          fee_fen: 500,
          sessions: 1,
          no_shows: 0,
        },
        {
          month: '2026-07',
          category_code: '0505',
          days: 1,
          effective_seconds: 7200,
          external_seconds: 7200,
          session_seconds: 7200,
          power_seconds: 0,
          fee_fen: 500,
          sessions: 1,
          no_shows: 0,
        },
      ],
      usage_flow_excluded_monthly: [
        { month: '2026-06', requester_region: 'anhui', owner_region: 'jiaxing', days: 1, session_seconds: 7200, fee_fen: 500, sessions: 1 },
        { month: '2026-07', requester_region: 'shanghai', owner_region: 'jiaxing', days: 1, session_seconds: 7200, fee_fen: 500, sessions: 1 },
      ],
    };
    const none = { usage_unit_excluded_monthly: [], usage_category_excluded_monthly: [], usage_flow_excluded_monthly: [] };
    const reports = new UsageReportRepository(database.db);
    const whole = { from: '2026-06-01', to: '2026-07-31' };
    const cut = { from: '2026-06-10', to: '2026-07-03' };
    const units = async (excluded: string[], period = whole) =>
      (await reports.totals({ ...period, excluded }, 'unit')).map((u) => [u.key, u.sessions, u.feeFen]);
    const flows = async (excluded: string[], period = whole) =>
      (await reports.flows({ ...period, excluded })).map((f) => [f.month, f.requesterRegion, f.sessionSeconds]);
    const withD = [['jiaxing|jx-u003', 2, 1000]];
    const flowsWithD = [
      ['2026-06', 'anhui', 7200],
      ['2026-07', 'shanghai', 7200],
    ];

    // Registered unclassified: nothing to keep apart.
    await sql`INSERT INTO instruments (id, region, local_id, source_platform, unit_id, name, category_code, value_cny, funding_source, city,
        confidentiality, confidentiality_status, shareable, customs_gated, content_hash)
      VALUES (${D}, 'jiaxing', 'jx-u003.D', 'local', 'jx-u003', '透射电子显微镜', '0505', 900000, 'fiscal', '嘉兴市', '{"status":"none"}'::jsonb, 'none', true, false, 'h')`.execute(
      database.db,
    );
    expect(await twinRows()).toEqual(none);
    expect(await units([])).toEqual(withD);

    // Declared confidential: its past months move into the twins at once, and its next day follows them.
    await sql`UPDATE instruments SET confidentiality_status = 'confidential', confidentiality = '{"status":"confidential"}'::jsonb WHERE id = ${D}`.execute(
      database.db,
    );
    expect(await twinRows()).toEqual(declared);
    expect({ units: await units([D]), flows: await flows([D]) }).toEqual({ units: [], flows: [] });
    // A unit admin's scope excludes less than the twins hold (its own instruments): the report adds them back.
    expect({ units: await units([]), flows: await flows([]) }).toEqual({ units: withD, flows: flowsWithD });
    // Its days moved into the per-day twins too: a period that cuts both months (June less its first nine days, July's
    // first three, read from the per-day rows) says the same.
    await expectPerDayAsSummed();
    expect((await perDay()).usage_unit_excluded_daily.kept).toEqual([
      expect.objectContaining({ day: '2026-06-10', owner_unit_id: 'jx-u003', days: 1, fee_fen: '500' }),
      expect.objectContaining({ day: '2026-07-03', owner_unit_id: 'jx-u003', days: 1, fee_fen: '500' }),
    ]);
    expect({ units: await units([D], cut), flows: await flows([D], cut) }).toEqual({ units: [], flows: [] });
    expect({ units: await units([], cut), flows: await flows([], cut) }).toEqual({ units: withD, flows: flowsWithD });
    await d('d3', '2026-07-20T09:00:00+08:00', 'jiangsu');
    await rollups.rollupBatch(500);
    const july = await twinRows();
    expect(july.usage_unit_excluded_monthly[1]).toMatchObject({ month: '2026-07', days: 2, session_seconds: 14_400, sessions: 2, fee_fen: 1000 });
    expect(july.usage_flow_excluded_monthly).toHaveLength(3);
    expect({ units: await units([D]), flows: await flows([D]) }).toEqual({ units: [], flows: [] });
    await expectPerDayAsSummed();

    // Exempted instead of confidential changes nothing; declassified, it is back in every figure and out of the twins.
    await sql`UPDATE instruments SET confidentiality_status = 'exempted' WHERE id = ${D}`.execute(database.db);
    expect(await twinRows()).toEqual(july);
    await sql`UPDATE instruments SET confidentiality_status = 'none' WHERE id = ${D}`.execute(database.db);
    expect(await twinRows()).toEqual(none);
    expect(await units([])).toEqual([['jiaxing|jx-u003', 3, 1500]]);
    await expectPerDayAsSummed();
    expect((await perDay()).usage_unit_excluded_daily.kept).toEqual([]);
  });

  it('ranks the instruments most used across regions over twelve whole months from the trailing rows, exactly as the daily rows sum', async () => {
    const F = 'jiaxing:jx-u004.F';
    const G = 'jiaxing:jx-u004.G';
    for (const [key, instrumentId, start, hours, region] of [
      ['f1', F, '2025-03-05T09:00:00+08:00', 2, 'shanghai'],
      ['f2', F, '2025-06-10T09:00:00+08:00', 3, 'anhui'],
      ['f3', F, '2026-01-15T09:00:00+08:00', 1, 'shanghai'],
      ['f4', F, '2026-03-02T09:00:00+08:00', 4, 'jiangsu'],
      ['g1', G, '2025-03-01T09:00:00+08:00', 5, 'shanghai'],
      ['g2', G, '2026-02-28T09:00:00+08:00', 2, 'shanghai'],
      ['g3', G, '2026-03-01T09:00:00+08:00', 3, 'anhui'],
      ['g4', G, '2025-06-14T23:00:00+08:00', 2, 'anhui'],
    ] as const) {
      const s = at(start);
      await record(
        session(key, {
          instrumentId,
          ownerUnitId: 'jx-u004',
          categoryCode: '0301',
          requester: { kind: 'unit', unitId: 'x-3', region },
          external: true,
          start: s,
          end: new Date(s.getTime() + hours * 3600_000),
          feeChargedFen: 100,
        }),
      );
    }
    await rollups.rollupBatch(500);
    // Per instrument and month, the cross-region flow rows of the twelve months ending there.
    const trailing = async () =>
      (
        await sql<{
          month: string;
          instrument_id: string;
        }>`SELECT to_char(month, 'YYYY-MM') AS month, instrument_id, days, session_seconds::int, fee_fen::int, sessions::int FROM usage_instrument_cross_trailing ORDER BY 1, 2`.execute(
          database.db,
        )
      ).rows;
    const fromDaily = async () =>
      (
        await sql`
          SELECT to_char(date_trunc('month', day) + k * interval '1 month', 'YYYY-MM') AS month, instrument_id, count(*)::int AS days,
            sum(session_seconds)::int AS session_seconds, sum(fee_fen)::int AS fee_fen, sum(sessions)::int AS sessions
          FROM usage_flow_daily CROSS JOIN generate_series(0, 11) AS k WHERE requester_region <> '' AND requester_region <> owner_region
          GROUP BY 1, 2 ORDER BY 1, 2`.execute(database.db)
      ).rows;
    const kept = await trailing();
    expect(kept).toEqual(await fromDaily());
    // By hand: F's shanghai session of March 2025 (2 h) is the only one in the twelve months ending May 2025; the months
    // ending June 2025 … February 2026 add its anhui session of June (3 h).
    expect(kept.filter((r) => r.instrument_id === F && ['2025-05', '2025-06', '2026-02', '2026-03'].includes(r.month))).toEqual([
      { month: '2025-05', instrument_id: F, days: 1, session_seconds: 7_200, fee_fen: 100, sessions: 1 },
      { month: '2025-06', instrument_id: F, days: 2, session_seconds: 18_000, fee_fen: 200, sessions: 2 },
      { month: '2026-02', instrument_id: F, days: 3, session_seconds: 21_600, fee_fen: 300, sessions: 3 },
      { month: '2026-03', instrument_id: F, days: 3, session_seconds: 28_800, fee_fen: 300, sessions: 3 },
    ]);

    const reports = new UsageReportRepository(database.db);
    // Twelve whole months, with days cut off or added at either end; then periods read from the months as before.
    for (const [from, to] of [
      ['2025-03-01', '2026-02-28'],
      ['2025-03-02', '2026-03-01'],
      ['2025-04-01', '2026-03-31'],
      ['2025-06-15', '2026-06-14'],
      ['2025-02-20', '2026-03-10'],
      ['2025-03-01', '2026-01-31'],
    ]) {
      for (const excluded of [[], [F], [A, G]]) {
        for (const limit of [1, 2, 10]) {
          const scope = { from, to, excluded };
          expect({ from, to, excluded, limit, top: await gotTop(reports, scope, limit) }).toEqual({
            from,
            to,
            excluded,
            limit,
            top: (await expectedTop(scope)).slice(0, limit),
          });
        }
      }
    }

    // A rebuild sums them again, also after a flow row deleted by hand was never subtracted.
    await sql`DELETE FROM usage_flow_daily WHERE instrument_id = ${G}`.execute(database.db);
    await new RollupUsageUseCase(rollups).rebuild();
    expect(await trailing()).toEqual(kept);
  });
  it('ranks exactly when use in the days at either end lifts an instrument from below the first of the trailing ranking, or sinks those first', async () => {
    // Years no other case uses. 2022–23: H's and I's use lead the trailing year ending February 2023, thirty others
    // (P01…) next with 7 h each, then J and L, who have use on 1 March 2023 (a day added by a period ending then), K too
    // little to matter; H's is all on 1 March 2022 (a day removed by a period starting the day after). The top one
    // corrects the first ten exactly, so J and L come from below them. 2020–21: 26 instruments (N01…) lead, all their use
    // on 1 March 2020, and M (no use in the cut days) is the only one left when a period starts the day after.
    const others = (prefix: string, n: number, start: string, hours: number) =>
      Array.from({ length: n }, (_, i): [string, string, string, number] => {
        const name = `${prefix}${String(i + 1).padStart(2, '0')}`;
        return [name.toLowerCase(), name, start, hours];
      });
    const use: [string, string, string, number][] = [
      ...others('P', 30, '2022-05-05T09:00:00+08:00', 7),
      ...others('N', 26, '2020-03-01T09:00:00+08:00', 6),
      ['h1', 'H', '2022-03-01T09:00:00+08:00', 10],
      ['i1', 'I', '2022-07-05T09:00:00+08:00', 8],
      ['j1', 'J', '2022-08-05T09:00:00+08:00', 6],
      ['j2', 'J', '2023-03-01T09:00:00+08:00', 5],
      ['l1', 'L', '2022-10-05T09:00:00+08:00', 3],
      ['l2', 'L', '2023-03-01T09:00:00+08:00', 9],
      ['k1', 'K', '2022-09-05T09:00:00+08:00', 1],
      ['k2', 'K', '2023-03-01T15:00:00+08:00', 1],
      ['m1', 'M', '2020-06-10T09:00:00+08:00', 5],
    ];
    for (const [key, name, start, hours] of use)
      await record(
        session(`rank-${key}`, {
          instrumentId: `jiaxing:jx-u006.${name}`,
          ownerUnitId: 'jx-u006',
          requester: { kind: 'unit', unitId: 'sh-u6', region: 'shanghai' },
          external: true,
          start: at(start),
          end: new Date(at(start).getTime() + hours * 3600_000),
          feeChargedFen: 100,
        }),
      );
    while ((await rollups.rollupBatch(500)) > 0);
    const reports = new UsageReportRepository(database.db);
    const top = async (from: string, to: string, limit: number, excluded: string[] = []) => {
      const got = (await gotTop(reports, { from, to, excluded }, limit)).map((t) => [t.instrumentId.split('.')[1], t.sessionSeconds / 3600]);
      const expected = (await expectedTop({ from, to, excluded })).slice(0, limit).map((t) => [t.instrumentId.split('.')[1], t.sessionSeconds / 3600]);
      expect({ from, to, limit, excluded, got }).toEqual({ from, to, limit, excluded, got: expected });
      return got;
    };
    // By hand. From 1 March 2022: H keeps its 10 h, but L (3 h + 9 h) and J (6 h + 5 h) pass it, from below the first two.
    expect(await top('2022-03-01', '2023-03-01', 1)).toEqual([['L', 12]]);
    expect(await top('2022-03-01', '2023-03-01', 3)).toEqual([
      ['L', 12],
      ['J', 11],
      ['H', 10],
    ]);
    expect(await top('2022-03-01', '2023-03-01', 1, ['jiaxing:jx-u006.L'])).toEqual([['J', 11]]);
    // From 2 March 2022: H drops out; the first two of the ranking no longer bound the others.
    expect(await top('2022-03-02', '2023-03-01', 1)).toEqual([['L', 12]]);
    expect(await top('2022-03-02', '2023-03-01', 2)).toEqual([
      ['L', 12],
      ['J', 11],
    ]);
    expect(await top('2022-03-02', '2023-03-01', 3)).toEqual([
      ['L', 12],
      ['J', 11],
      ['I', 8],
    ]);
    // From 2 March 2020: all the leaders drop out, and M, in neither cut day, is the top.
    expect(await top('2020-03-02', '2021-03-01', 1)).toEqual([['M', 5]]);
    expect(await top('2020-03-02', '2021-03-01', 2)).toEqual([['M', 5]]);
  });

  it('rebuilds, a month in one pass, exactly the rows the job wrote pair by pair, and drops a daily row left without raw rows', async () => {
    // Pseudo-random but fixed: sessions across China midnight and month ends, some of several days, no-shows, people and
    // units of every region, power-on of up to two days, and an owner that changes unit half-way (later rows win).
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) % n;
    const regions = ['jiaxing', 'shanghai', 'anhui', 'jiangsu'] as const;
    const base = Date.parse('2024-01-28T00:00:00+08:00');
    const ids = ['jiaxing:jx-u010.P1', 'jiaxing:jx-u010.P2', 'jiaxing:jx-u011.P3', 'shanghai:sh-u2.P4'];
    const ownerOf = (i: number, late: boolean) => ({
      instrumentId: ids[i],
      ownerRegion: ids[i].split(':')[0] as UsageSessionInput['ownerRegion'],
      ownerUnitId: i === 1 && late ? 'jx-u012' : ids[i].split(':')[1].split('.')[0],
      categoryCode: i === 2 ? '0402' : '0301',
    });
    for (let k = 0; k < 60; k++) {
      const i = rand(ids.length);
      const start = new Date(base + rand(40 * 24) * 3600_000 + rand(4) * 900_000);
      const hours = k % 9 === 0 ? 30 + rand(30) : 1 + rand(5);
      const requester: UsageSessionInput['requester'] = rand(6) === 0 ? { kind: 'person' } : { kind: 'unit', unitId: `u-${rand(3)}`, region: regions[rand(4)] };
      const owner = ownerOf(i, k >= 30);
      await record(
        session(`rebuild-${k}`, {
          ...owner,
          requester,
          external: requester.kind === 'person' || requester.region !== owner.ownerRegion,
          ...(k % 7 === 3
            ? { outcome: 'no_show' as const, scheduledStart: start }
            : { start, end: new Date(start.getTime() + hours * 3600_000), feeChargedFen: rand(3) === 0 ? undefined : 100 * (1 + rand(50)) }),
        }),
      );
    }
    for (const late of [false, true]) {
      const events = Array.from({ length: 40 }, (_, k) => {
        const i = rand(ids.length);
        const start = base + rand(40 * 24) * 3600_000 + rand(60) * 60_000;
        const { instrumentId, ownerRegion, ownerUnitId, categoryCode } = ownerOf(i, late);
        return {
          eventId: `rebuild-${late}-${k}`,
          instrumentId,
          ownerRegion,
          ownerUnitId,
          categoryCode,
          start: new Date(start),
          end: new Date(start + (k % 8 === 0 ? 40 : 1 + rand(6)) * 3600_000),
        };
      });
      await power.insertBatch('gw-rebuild', events);
    }
    // The job's path: the marks drained in small batches, each day's difference applied to the monthly and trailing rows.
    while ((await rollups.rollupBatch(7)) > 0);
    const tables = [
      'usage_instrument_daily',
      'usage_flow_daily',
      ...MONTHLY_ROLLUPS.map((m) => m.table),
      ...DAY_ROLLUPS.map((m) => m.table),
      'usage_instrument_cross_trailing',
    ];
    const everything = async () => {
      const all: Record<string, string[]> = {};
      // Rows with nothing left in them (days 0) are the job's to delete; a sum again never writes them.
      for (const t of tables)
        all[t] = (
          await sql`SELECT * FROM ${sql.table(t)} WHERE ${sql.raw(['usage_instrument_daily', 'usage_flow_daily'].includes(t) ? 'true' : 'days <> 0')}`.execute(
            database.db,
          )
        ).rows
          .map((r) => JSON.stringify(r))
          .sort();
      return all;
    };
    const byJob = await everything();
    expect(byJob.usage_instrument_daily.filter((r) => r.includes('P1')).length).toBeGreaterThan(20);
    // A daily row no raw row supports (written by hand): a rebuild from the raw rows has nothing to write for it.
    await sql`INSERT INTO usage_instrument_daily SELECT date '2024-02-11', 'jiaxing:jx-u010.P9', owner_region, owner_unit_id, category_code,
      effective_seconds, external_seconds, session_seconds, power_seconds, fee_fen, sessions, no_shows
      FROM usage_instrument_daily WHERE instrument_id = ${ids[0]} LIMIT 1`.execute(database.db);

    await new RollupUsageUseCase(rollups).rebuild();
    const rebuilt = await everything();
    for (const t of tables) expect({ table: t, rows: rebuilt[t] }).toEqual({ table: t, rows: byJob[t] });
    expect(await rollups.backlog()).toBe(0);
  });
});
