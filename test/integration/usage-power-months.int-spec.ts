import { sql } from '@app/persistence';
import { LastUseUseCase, sessionDay, type UsageSessionInput } from '@app/usage';
import { PowerEventRepository } from '../../libs/usage/src/infrastructure/power-event.repository';
import { UsageReadRepository } from '../../libs/usage/src/infrastructure/usage-read.repository';
import { UsageRollupRepository } from '../../libs/usage/src/infrastructure/usage-rollup.repository';
import { UsageSessionRepository } from '../../libs/usage/src/infrastructure/usage-session.repository';
import { openTestDatabase, storageModes } from '../support/databases';

const at = (iso: string) => new Date(iso);
const owner = { ownerRegion: 'jiaxing', ownerUnitId: 'jx-u001', categoryCode: '0301' } as const;
const event = (instrumentId: string, eventId: string, start: string, end: string) => ({ eventId, instrumentId, start: at(start), end: at(end), ...owner });

/**
 * Power events are found by the month their interval starts in (migration
 * 0031): an event that started months before a day it covers, or an
 * instrument idle for months, must still be read as the intervals say.
 */
describe.each(storageModes())('power-on across months (%s)', (mode) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let power: PowerEventRepository;
  let rollups: UsageRollupRepository;
  let lastUse: LastUseUseCase;

  beforeAll(async () => {
    database = await openTestDatabase(mode);
    power = new PowerEventRepository(database.db);
    rollups = new UsageRollupRepository(database.db);
    lastUse = new LastUseUseCase(new UsageReadRepository(database.db));
  }, 60_000);
  afterAll(() => database?.dispose());

  it('counts on a day the power-on that started two months before it, when only that day is rolled up again', async () => {
    const L = 'jiaxing:jx-u001.L';
    // 30 days on, from 30 January noon to 1 March noon (China time): the longest an event may be is 31 days.
    await power.insertBatch('gw-months', [event(L, 'long', '2026-01-30T12:00:00+08:00', '2026-03-01T12:00:00+08:00')]);
    while ((await rollups.rollupBatch(500)) > 0);
    // A later report marks 1 March alone stale: its rewrite reads the long event from January again.
    await power.insertBatch('gw-months', [event(L, 'short', '2026-03-01T13:00:00+08:00', '2026-03-01T14:00:00+08:00')]);
    expect(await rollups.backlog()).toBe(1);
    while ((await rollups.rollupBatch(500)) > 0);
    const { rows } = await sql<{ day: string; power_seconds: number }>`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, power_seconds FROM usage_instrument_daily WHERE instrument_id = ${L} ORDER BY day`.execute(database.db);
    expect(rows).toHaveLength(31);
    expect(rows[0]).toEqual({ day: '2026-01-30', power_seconds: 12 * 3600 });
    expect(rows.slice(1, 30).every((r) => r.power_seconds === 24 * 3600)).toBe(true);
    // 00:00–12:00 of the long event and 13:00–14:00 of the short one.
    expect(rows[30]).toEqual({ day: '2026-03-01', power_seconds: 13 * 3600 });
  });

  it('reads the last use of an instrument idle for months, and a long power-on that ends after a later short one', async () => {
    const M = 'jiaxing:jx-u001.M';
    const S = 'jiaxing:jx-u001.S';
    await power.insertBatch('gw-last', [
      // On from 20 January to 15 February; a short power-on on 2 February starts later but ends first.
      event(M, 'm1', '2026-01-20T10:00:00+08:00', '2026-02-15T10:00:00+08:00'),
      event(M, 'm2', '2026-02-02T09:00:00+08:00', '2026-02-02T10:00:00+08:00'),
      // Then nothing in March and April.
      event(M, 'm3', '2026-05-10T08:00:00+08:00', '2026-05-10T09:00:00+08:00'),
    ]);
    // An instrument used in sessions only.
    const used: UsageSessionInput = {
      source: 'booking',
      sourceKey: 'last-s',
      instrumentId: S,
      ...owner,
      requester: { kind: 'unit', unitId: 'jx-u001', region: 'jiaxing' },
      external: false,
      outcome: 'completed',
      recordedBy: 'test',
      start: at('2026-04-03T09:00:00+08:00'),
      end: at('2026-04-03T11:00:00+08:00'),
    };
    await new UsageSessionRepository(database.db).record(used, sessionDay(used));

    const endOfApril = at('2026-05-01T00:00:00+08:00');
    expect(await lastUse.execute([M, S, 'jiaxing:jx-u001.never'], endOfApril)).toEqual(
      new Map([
        [M, at('2026-02-15T10:00:00+08:00')],
        [S, at('2026-04-03T11:00:00+08:00')],
      ]),
    );
    // Still on at the instant asked about: cut there.
    expect((await lastUse.execute([M], at('2026-02-10T00:00:00+08:00'))).get(M)).toEqual(at('2026-02-10T00:00:00+08:00'));
    expect((await lastUse.execute([M], at('2026-01-20T10:00:00+08:00'))).has(M)).toBe(false);
    expect((await lastUse.execute([M])).get(M)).toEqual(at('2026-05-10T09:00:00+08:00'));
  });
});
