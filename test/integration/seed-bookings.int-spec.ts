import request from 'supertest';
import { seedBookingId, SeedBookingsUseCase, type SeedBookingInput } from '@app/booking';
import { DATABASE, sql, type Database } from '@app/persistence';
import { storageModes } from '../support/databases';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

const A = localInstrumentId('jx-u001', 'JX-SEM-001');
const at = (iso: string) => new Date(`${iso}+08:00`);
const USER = { kind: 'user' as const, sub: 'demo-user-jx-u002', unitId: 'jx-u002' };

/** A booking of the seeded history on the test clock (2026-11-29 12:00 China). */
function seeded(key: string, over: Partial<SeedBookingInput>): SeedBookingInput {
  return {
    key,
    instrumentId: A,
    ownerPlatform: 'local',
    requester: USER,
    status: 'completed',
    window: { start: at('2026-11-20T09:00:00'), end: at('2026-11-20T11:00:00') },
    purpose: 'instrument time',
    requestedAt: at('2026-11-18T10:00:00'),
    confirmedAt: at('2026-11-18T10:20:00'),
    closedAt: at('2026-11-20T12:00:00'),
    closedBy: 'demo-admin-jx-u001',
    completion: { feeChargedFen: 100_000 },
    ...over,
  };
}

const ahead = (key: string, start: string, end: string): SeedBookingInput =>
  seeded(key, { status: 'confirmed', window: { start: at(start), end: at(end) }, closedAt: undefined, closedBy: undefined, completion: undefined });

describe.each(storageModes())('seeding a history of bookings (%s)', (mode) => {
  let gw: TestGateway;
  const db = () => gw.app.get<Database>(DATABASE).db;
  const seed = (bookings: SeedBookingInput[]) => gw.app.get(SeedBookingsUseCase).execute(bookings);
  const trail = async (key: string) => {
    const token = await gw.token('user', 'jx-u002', USER.sub);
    const res = await request(gw.server)
      .get(`/api/v1/bookings/${seedBookingId(key)}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    return { status: res.body.status as string, steps: (res.body.audit as { to: string; at: string }[]).map((a) => `${a.to}@${a.at}`) };
  };

  beforeAll(async () => {
    gw = await startTestGateway(mode);
    await gw.seed(JX_UNITS, [sem()]);
  }, 120_000);
  afterAll(() => gw?.close());

  it('stores each booking once, with its trail at the times given, and its requester sees it', async () => {
    const first = await seed([
      seeded('h1', {}),
      seeded('h2', {
        status: 'no_show',
        window: { start: at('2026-11-21T09:00:00'), end: at('2026-11-21T10:00:00') },
        closedAt: at('2026-11-21T10:30:00'),
        completion: undefined,
      }),
    ]);
    expect(first).toEqual({ created: 2, existing: 0, closed: 0 });
    expect(await seed([seeded('h1', {})])).toEqual({ created: 0, existing: 1, closed: 0 });
    expect(await trail('h1')).toEqual({
      status: 'completed',
      steps: ['requested@2026-11-18T02:00:00.000Z', 'confirmed@2026-11-18T02:20:00.000Z', 'completed@2026-11-20T04:00:00.000Z'],
    });
    expect((await trail('h2')).steps.map((s) => s.split('@')[0])).toEqual(['requested', 'confirmed', 'no_show']);
  });

  it('leaves out a booking ahead whose window a confirmed booking holds, as for every booking', async () => {
    const result = await seed([ahead('f1', '2026-12-02T09:00:00', '2026-12-02T11:00:00'), ahead('f2', '2026-12-02T10:00:00', '2026-12-02T12:00:00')]);
    expect(result).toEqual({ created: 1, existing: 1, closed: 0 });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM bookings WHERE status = 'confirmed'`.execute(db());
    expect(rows[0].n).toBe(1);
  });

  it('closes a booking seeded ahead once the history says how it ended, with one more audit row', async () => {
    gw.clock.set(new Date(gw.clock.now().getTime() + 5 * 86_400_000));
    const done = seeded('f1', { window: { start: at('2026-12-02T09:00:00'), end: at('2026-12-02T11:00:00') }, closedAt: at('2026-12-02T11:30:00') });
    expect(await seed([done])).toEqual({ created: 0, existing: 1, closed: 1 });
    expect(await seed([done])).toEqual({ created: 0, existing: 1, closed: 0 });
    const t = await trail('f1');
    expect(t.status).toBe('completed');
    expect(t.steps.map((s) => s.split('@')[0])).toEqual(['requested', 'confirmed', 'completed']);
  });

  it('refuses a history in the future, naming the booking', async () => {
    await expect(seed([seeded('bad', { closedAt: at('2027-01-01T00:00:00') })])).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { violations: [{ field: 'bookings[0].closedAt' }] },
    });
  });
});
