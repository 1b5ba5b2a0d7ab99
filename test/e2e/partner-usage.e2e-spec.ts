import * as grpc from '@grpc/grpc-js';
import {
  BookingServiceClient,
  BookingStatus,
  UsageOutcome,
  UsageServiceClient,
  type Booking,
  type CreateBookingRequest,
  type UsageRecord,
} from '@app/contracts';
import { estimateFee } from '@app/policy';
import { startPartnerNode, type PartnerNode } from '../../apps/partner-node/src/partner-node';

/**
 * The reference partner node's UsageService on loopback, as a booking
 * platform calls it: each calling platform sees the sessions of its own
 * bookings only, pages resume exactly where they stopped, a no-show has no
 * times, and a correction comes again with a greater version.
 */

const TOKEN_A = 'platform-a-token-0123456789';
const TOKEN_B = 'platform-b-token-0123456789';
const HOUR = 3_600_000;

describe('partner node UsageService', () => {
  let node: PartnerNode;
  let clock = new Date('2026-12-01T00:00:00Z');
  const day = new Date('2026-12-02T00:00:00Z').getTime();

  beforeAll(async () => {
    node = await startPartnerNode({ region: 'shanghai', count: 60, seed: 5, acceptedTokens: [TOKEN_A, TOKEN_B], now: () => clock });
  });
  afterAll(async () => {
    await node?.close();
  });

  const auth = (token: string) => {
    const m = new grpc.Metadata();
    if (token) m.set('authorization', `Bearer ${token}`);
    return m;
  };
  const options = () => ({ deadline: Date.now() + 10_000 });
  const bookingClient = () => new BookingServiceClient(node.address, grpc.credentials.createInsecure());
  const usageClient = () => new UsageServiceClient(node.address, grpc.credentials.createInsecure());

  const book = (token: string, req: Omit<CreateBookingRequest, 'purpose' | 'sampleDescription' | 'requester'>) =>
    new Promise<Booking>((resolve, reject) =>
      bookingClient().createBooking(
        { ...req, purpose: 'XRD phase analysis', sampleDescription: '', requester: { pseudonymousId: 'p-7f3a', unitId: '', unitName: '' } },
        auth(token),
        options(),
        (e, r) => (e ? reject(e) : resolve(r!.booking!)),
      ),
    );
  const getBooking = (token: string, bookingId: string) =>
    new Promise<Booking>((resolve, reject) =>
      bookingClient().getBooking({ bookingId }, auth(token), options(), (e, r) => (e ? reject(e) : resolve(r!.booking!))),
    );
  const listUsage = (token: string, cursor = '', limit = 0) =>
    new Promise<UsageRecord[]>((resolve, reject) => {
      const records: UsageRecord[] = [];
      const stream = usageClient().listUsage({ cursor, limit }, auth(token), options());
      stream.on('data', (r: UsageRecord) => records.push(r));
      stream.on('error', reject);
      stream.on('end', () => resolve(records));
    });
  const failure = async (promise: Promise<unknown>): Promise<grpc.ServiceError> => {
    try {
      await promise;
    } catch (error) {
      return error as grpc.ServiceError;
    }
    throw new Error('expected the call to fail');
  };

  // Instruments this node lets anyone book straight away, with an hourly fee so the charge is known in advance.
  const bookable = () =>
    node.store
      .shareable()
      .filter((e) => !e.stored.instrument.requiresOwnerApproval && e.stored.instrument.fee?.unit === 'hour')
      .map((e) => e.stored.instrument);
  const window = (n: number) => ({ start: new Date(day + n * 2 * HOUR), end: new Date(day + (n * 2 + 1) * HOUR) });

  let aBookings: Booking[] = [];
  let bBooking: Booking;

  it('gives each calling platform the sessions of its own bookings only, keyed by its own idempotency keys', async () => {
    const [first, second] = bookable();
    expect(second).toBeDefined();
    aBookings = [];
    for (let n = 0; n < 4; n++) aBookings.push(await book(TOKEN_A, { idempotencyKey: `a-${n}`, instrumentId: first.id, window: window(n) }));
    bBooking = await book(TOKEN_B, { idempotencyKey: 'b-0', instrumentId: second.id, window: window(0) });
    // A's cancelled booking was never used: no session.
    const cancelled = await book(TOKEN_A, { idempotencyKey: 'a-cancelled', instrumentId: second.id, window: window(3) });
    await new Promise((resolve, reject) =>
      bookingClient().cancelBooking({ bookingId: cancelled.id, reason: 'not needed' }, auth(TOKEN_A), options(), (e, r) => (e ? reject(e) : resolve(r))),
    );
    expect([...aBookings, bBooking].every((b) => b.status === BookingStatus.BOOKING_STATUS_CONFIRMED)).toBe(true);

    // Before the windows end nothing was used yet.
    expect(await listUsage(TOKEN_A)).toEqual([]);
    clock = new Date(day + 24 * HOUR);

    const a = await listUsage(TOKEN_A);
    expect(a.map((r) => r.idempotencyKey).sort()).toEqual(['a-0', 'a-1', 'a-2', 'a-3']);
    expect(new Set(a.map((r) => r.bookingId))).toEqual(new Set(aBookings.map((b) => b.id)));
    const b = await listUsage(TOKEN_B);
    expect(b.map((r) => [r.idempotencyKey, r.bookingId])).toEqual([['b-0', bBooking.id]]);

    // A completed session: the booked window, the external fee estimate (Art. 19), no samples counted.
    const session = a.find((r) => r.idempotencyKey === 'a-0')!;
    const estimate = estimateFee(first.fee, window(0), { ownerUnitId: first.unitId })!;
    expect(session).toEqual(
      expect.objectContaining({
        instrumentId: first.id,
        version: '1',
        outcome: UsageOutcome.USAGE_OUTCOME_COMPLETED,
        start: window(0).start,
        end: window(0).end,
        samples: 0,
      }),
    );
    expect(session.feeChargedFen).toBe(String(Math.round(estimate.totalCny! * 100)));
    expect(estimate.tariff).toBe('external');
    // Nothing names a person (Art. 17): the record has no requester at all.
    expect(Object.keys(session).sort()).toEqual([
      'bookingId',
      'cursor',
      'end',
      'feeChargedFen',
      'idempotencyKey',
      'instrumentId',
      'outcome',
      'samples',
      'sessionId',
      'start',
      'version',
    ]);

    // Each platform's bookings are its own on BookingService too.
    expect((await failure(getBooking(TOKEN_B, aBookings[0].id))).code).toBe(grpc.status.NOT_FOUND);
    expect((await getBooking(TOKEN_A, aBookings[0].id)).id).toBe(aBookings[0].id);
  });

  it('resumes from a record cursor with the rest, exactly once, in a stable order', async () => {
    const all = await listUsage(TOKEN_A);
    expect(await listUsage(TOKEN_A)).toEqual(all);
    const firstPage = await listUsage(TOKEN_A, '', 3);
    expect(firstPage).toEqual(all.slice(0, 3));
    const rest = await listUsage(TOKEN_A, firstPage[2].cursor, 3);
    expect(rest).toEqual(all.slice(3));
    expect([...firstPage, ...rest].map((r) => r.sessionId)).toEqual(all.map((r) => r.sessionId));
    // Up to date: an empty stream, and the cursor stays where it is.
    expect(await listUsage(TOKEN_A, rest[rest.length - 1].cursor)).toEqual([]);
  });

  it('sends a no-show without times, and a correction again with a greater version', async () => {
    const all = await listUsage(TOKEN_A);
    const upToDate = all[all.length - 1].cursor;
    const noShowBooking = aBookings[1].id;
    const corrected = aBookings[2].id;
    node.recordUsage(noShowBooking, { outcome: 'no_show' });
    node.recordUsage(corrected, { samples: 3, feeChargedFen: 12_345 });
    // Saying the same again changes nothing.
    node.recordUsage(corrected, { samples: 3, feeChargedFen: 12_345 });

    const changes = await listUsage(TOKEN_A, upToDate);
    expect(changes.map((r) => r.bookingId)).toEqual([noShowBooking, corrected]);
    const [noShow, correction] = changes;
    const before = (bookingId: string) => all.find((r) => r.bookingId === bookingId)!;
    expect(noShow).toEqual(
      expect.objectContaining({
        sessionId: before(noShowBooking).sessionId,
        version: '2',
        outcome: UsageOutcome.USAGE_OUTCOME_NO_SHOW,
        feeChargedFen: '0',
        samples: 0,
      }),
    );
    expect(noShow.start).toBeUndefined();
    expect(noShow.end).toBeUndefined();
    expect(correction).toEqual(
      expect.objectContaining({
        sessionId: before(corrected).sessionId,
        version: '2',
        outcome: UsageOutcome.USAGE_OUTCOME_COMPLETED,
        samples: 3,
        feeChargedFen: '12345',
        start: before(corrected).start,
      }),
    );

    // From the beginning each session comes once, with its latest version, the corrections last.
    const again = await listUsage(TOKEN_A);
    expect(again).toHaveLength(all.length);
    expect(again.slice(-2).map((r) => [r.bookingId, r.version])).toEqual([
      [noShowBooking, '2'],
      [corrected, '2'],
    ]);
    // The other platform saw none of it.
    expect((await listUsage(TOKEN_B)).map((r) => r.version)).toEqual(['1']);
  });

  it('refuses an unknown token, a cursor it did not issue and a negative limit', async () => {
    expect((await failure(listUsage(''))).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await failure(listUsage('someone-else-0123456789'))).code).toBe(grpc.status.UNAUTHENTICATED);
    for (const cursor of ['p1.3', 'u1.x', 'u1.999999']) {
      const error = await failure(listUsage(TOKEN_A, cursor));
      expect([error.code, error.details]).toEqual([grpc.status.INVALID_ARGUMENT, 'cursor: not issued by this server']);
    }
    const error = await failure(listUsage(TOKEN_A, '', -1));
    expect([error.code, error.details]).toEqual([grpc.status.INVALID_ARGUMENT, 'limit: must not be negative']);
  });
});
