import * as grpc from '@grpc/grpc-js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { WithdrawBookingsUseCase } from '@app/booking';
import { BookingServiceClient, BookingStatus, type Booking as WireBooking } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { DATABASE, sql, type Database } from '@app/persistence';
import { PARTNER_IN_TOKEN } from '../support/federation';
import { storageModes } from '../support/databases';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

/** The test clock stands at 2026-11-29T12:00+08:00; windows are in December, Beijing time. */
const at = (day: number, hour: number, minute = 0) =>
  `2026-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`;
const minutesFromNow = (gw: TestGateway, minutes: number) => new Date(gw.clock.now().getTime() + minutes * 60_000).toISOString();
const id = (localId: string) => localInstrumentId('jx-u001', localId);

describe.each(storageModes())('booking lifecycle: withdrawal, past windows, late cancellation, customs decisions, strict dates (%s)', (mode) => {
  let gw: TestGateway;
  let address: string;
  let alice: string;
  let bob: string;
  let ownerAdmin: string;
  let officer: string;
  let started: Date;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-'));

  beforeAll(async () => {
    const partners = path.join(dir, 'partners.json');
    fs.writeFileSync(
      partners,
      JSON.stringify([
        {
          id: 'shanghai',
          region: 'shanghai',
          protocol: 'grpc',
          address: '127.0.0.1:1',
          inboundToken: PARTNER_IN_TOKEN('shanghai'),
          outboundToken: 'unused-outbound-token-0000',
          pullIntervalMs: 3_600_000,
        },
      ]),
    );
    // The scheduled sweep would race the explicit one below; here it is driven by hand. An hourly
    // interval was not enough: in CI one fired between a test's withdrawal and its own sweep.
    gw = await startTestGateway(mode, { PARTNERS_FILE: partners, GRPC_PORT: '0', BOOKING_MIN_LEAD_MINUTES: '30', BOOKING_SWEEP_INTERVAL_MS: '2000000000' });
    started = gw.clock.now();
    const dutyFree = { declarationNo: '292020251000000001', releaseDate: '2025-06-01', supervisionYears: 3 };
    await gw.seed(JX_UNITS, [
      sem({ localId: 'WD-1' }),
      sem({ localId: 'WD-2', requiresOwnerApproval: true }),
      sem({ localId: 'WD-3' }),
      sem({ localId: 'WD-4' }),
      sem({ localId: 'LATE-1' }),
      sem({ localId: 'DATES-1' }),
      sem({ localId: 'PLAIN-1' }),
      sem({ localId: 'DF-1', dutyFreeImport: dutyFree }),
      sem({ localId: 'DF-2', dutyFreeImport: dutyFree }),
    ]);
    address = `127.0.0.1:${await startGrpc(gw.app)}`;
    [alice, bob, ownerAdmin, officer] = await Promise.all([
      gw.token('user', 'jx-u002', 'alice'),
      gw.token('user', 'jx-u002', 'bob'),
      gw.token('unit_admin', 'jx-u001', 'owner-admin'),
      gw.token('customs_officer', undefined, 'officer-zhang'),
    ]);
  }, 60_000);
  afterEach(() => gw.clock.set(started));
  afterAll(async () => {
    await gw?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let keys = 0;
  const book = (token: string, body: Record<string, unknown>) =>
    request(gw.server).post('/api/v1/bookings').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', `lifecycle-${mode}-${++keys}`).send(body);
  const window = (localId: string, start: string, end: string) => ({ instrumentId: id(localId), start, end, purpose: '表征纳米颗粒形貌' });
  const read = (token: string, bookingId: string) => request(gw.server).get(`/api/v1/bookings/${bookingId}`).set('Authorization', `Bearer ${token}`);
  const cancel = (token: string, bookingId: string) =>
    request(gw.server).post(`/api/v1/bookings/${bookingId}/cancel`).set('Authorization', `Bearer ${token}`).send({ reason: '不用了' });

  const client = () => new BookingServiceClient(address, grpc.credentials.createInsecure());
  const meta = () => {
    const m = new grpc.Metadata();
    m.set('authorization', `Bearer ${PARTNER_IN_TOKEN('shanghai')}`);
    return m;
  };
  type Unary<T> = (message: unknown, metadata: grpc.Metadata, options: grpc.CallOptions, done: (error: grpc.ServiceError | null, response: T) => void) => void;
  const call = <T>(method: 'createBooking' | 'cancelBooking' | 'getBooking' | 'checkAvailability', message: unknown) =>
    new Promise<T>((resolve, reject) => {
      const stub = client() as unknown as Record<typeof method, Unary<T>>;
      stub[method](message, meta(), { deadline: Date.now() + 10_000 }, (e, r) => (e ? reject(e) : resolve(r)));
    });
  let grpcKeys = 0;
  const grpcBook = (localId: string, start: Date, end: Date) =>
    call<{ booking: WireBooking }>('createBooking', {
      idempotencyKey: `lifecycle-grpc-${mode}-${++grpcKeys}`,
      instrumentId: id(localId),
      window: { start, end },
      requester: { pseudonymousId: 'sh-user-7', unitId: 'sh-u001', unitName: '' },
      purpose: 'XRD',
      sampleDescription: '',
    }).then((r) => r.booking);

  describe('5. withdrawing an instrument', () => {
    it('cancels its upcoming confirmed bookings and rejects undecided ones, with the reason and an audit row; the partner sees it in GetBooking', async () => {
      const upcoming = (await book(alice, window('WD-1', at(5, 9), at(5, 11))).expect(201)).body;
      const inUse = (await book(bob, window('WD-1', at(1, 9), at(1, 11))).expect(201)).body;
      const partners = await grpcBook('WD-1', new Date(at(6, 9)), new Date(at(6, 10)));
      const undecided = (await book(alice, window('WD-2', at(5, 9), at(5, 11))).expect(201)).body;
      expect([upcoming.status, inUse.status, partners.status, undecided.status]).toEqual([
        'confirmed',
        'confirmed',
        BookingStatus.BOOKING_STATUS_CONFIRMED,
        'pending_owner',
      ]);

      // Dec 1, 10:00: bob's window is in use when the unit withdraws the instrument.
      gw.clock.set(new Date(at(1, 10)));
      await request(gw.server)
        .delete(`/api/v1/instruments/${id('WD-1')}`)
        .set('Authorization', `Bearer ${ownerAdmin}`)
        .expect(204);
      await request(gw.server)
        .delete(`/api/v1/instruments/${id('WD-2')}`)
        .set('Authorization', `Bearer ${ownerAdmin}`)
        .expect(204);

      // The withdrawal closes its bookings as the owner right after it commits; the booking sweep (every 10 s) repairs
      // what a crash left, and when its pass falls between the two it closes them first, as itself. Either is the truth.
      const closedBy = expect.stringMatching(/^(owner-admin|system:withdrawal-sweep)$/);
      const alicesNow = (await read(alice, upcoming.id).expect(200)).body;
      expect(alicesNow).toMatchObject({ status: 'cancelled', reason: expect.stringContaining('withdrawn') });
      expect(alicesNow.audit.at(-1)).toMatchObject({ from: 'confirmed', to: 'cancelled', actor: closedBy, reason: expect.stringContaining('withdrawn') });
      const pendingNow = (await read(alice, undecided.id).expect(200)).body;
      expect(pendingNow).toMatchObject({ status: 'rejected', reason: expect.stringContaining('withdrawn') });
      expect(pendingNow.audit.at(-1)).toMatchObject({ from: 'pending_owner', to: 'rejected', actor: closedBy });
      // A window already under way is the unit's to close, not cancelled behind the user's back.
      expect((await read(bob, inUse.id).expect(200)).body.status).toBe('confirmed');
      const seenByPartner = (await call<{ booking: WireBooking }>('getBooking', { bookingId: partners.id })).booking;
      expect(seenByPartner).toMatchObject({ status: BookingStatus.BOOKING_STATUS_CANCELLED, reason: expect.stringContaining('withdrawn') });

      // Nothing upcoming holds the withdrawn instrument's calendar any more.
      const { rows } = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM bookings WHERE instrument_id = ${id('WD-1')} AND status = 'confirmed' AND lower(period) > ${at(1, 10)}::timestamptz`.execute(
        gw.app.get<Database>(DATABASE).db,
      );
      expect(rows[0].n).toBe(0);
    });

    it("leaves a booking under way readable by the owning unit's admin after the withdrawal, and by no other unit", async () => {
      const inUse = (await book(bob, window('WD-4', at(2, 9), at(2, 11))).expect(201)).body;
      gw.clock.set(new Date(at(2, 10)));
      await request(gw.server)
        .delete(`/api/v1/instruments/${id('WD-4')}`)
        .set('Authorization', `Bearer ${ownerAdmin}`)
        .expect(204);
      const otherAdmin = await gw.token('unit_admin', 'jx-u002', 'other-admin');
      await read(otherAdmin, inUse.id).expect(404);
      expect((await read(ownerAdmin, inUse.id).expect(200)).body).toMatchObject({ id: inUse.id, status: 'confirmed' });
    });

    it('is completed by the sweep when the withdrawal committed but its bookings were not closed (crash, or a booking stored meanwhile)', async () => {
      const booking = (await book(alice, window('WD-3', at(7, 9), at(7, 11))).expect(201)).body;
      // The withdrawal as committed by the catalog, without the booking side having run.
      await sql`UPDATE instruments SET deleted_at = now() WHERE id = ${id('WD-3')}`.execute(gw.app.get<Database>(DATABASE).db);
      expect((await read(alice, booking.id).expect(200)).body.status).toBe('confirmed');
      expect(await gw.app.get(WithdrawBookingsUseCase).sweep()).toBeGreaterThanOrEqual(1);
      const after = (await read(alice, booking.id).expect(200)).body;
      expect(after.audit.at(-1)).toMatchObject({
        from: 'confirmed',
        to: 'cancelled',
        actor: 'system:withdrawal-sweep',
        reason: expect.stringContaining('withdrawn'),
      });
      // Running again changes nothing.
      await gw.app.get(WithdrawBookingsUseCase).sweep();
      expect((await read(alice, booking.id).expect(200)).body.audit).toHaveLength(after.audit.length);
    });
  });

  describe('6. bookings in the past and the minimum lead time (BOOKING_MIN_LEAD_MINUTES=30 here)', () => {
    it('refuses over HTTP a window that ended minutes ago, one under way, and one starting inside the lead time; stores nothing', async () => {
      const ended = await book(alice, window('PLAIN-1', minutesFromNow(gw, -4), minutesFromNow(gw, -1))).expect(400);
      expect(ended.body.violations).toEqual([{ field: 'start', message: expect.stringContaining('at least 30 minutes') }]);
      await book(alice, window('PLAIN-1', minutesFromNow(gw, -1), minutesFromNow(gw, 60))).expect(400);
      await book(alice, window('PLAIN-1', minutesFromNow(gw, 10), minutesFromNow(gw, 60))).expect(400);
      const mine = await request(gw.server).get('/api/v1/bookings').set('Authorization', `Bearer ${alice}`).expect(200);
      expect(mine.body.items.filter((b: { instrumentId: string }) => b.instrumentId === id('PLAIN-1'))).toEqual([]);
      expect((await book(alice, window('PLAIN-1', minutesFromNow(gw, 31), minutesFromNow(gw, 90))).expect(201)).body.status).toBe('confirmed');
    });

    it('refuses the same over gRPC with INVALID_ARGUMENT', async () => {
      const now = gw.clock.now().getTime();
      await expect(grpcBook('PLAIN-1', new Date(now - 4 * 60_000), new Date(now - 60_000))).rejects.toMatchObject({
        code: grpc.status.INVALID_ARGUMENT,
        details: expect.stringContaining('start'),
      });
      await expect(grpcBook('PLAIN-1', new Date(now + 10 * 60_000), new Date(now + 3_600_000))).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    });
  });

  describe('7. cancelling after the window has started', () => {
    it('answers 409 over HTTP with the reason once the window has started or ended, and the booking stays confirmed', async () => {
      const booking = (await book(alice, window('LATE-1', at(3, 9), at(3, 11))).expect(201)).body;
      gw.clock.set(new Date(at(3, 10)));
      const during = await cancel(alice, booking.id).expect(409);
      expect(during.headers['content-type']).toMatch(/problem\+json/);
      expect(during.body.detail).toMatch(/started/);
      gw.clock.set(new Date(at(3, 12)));
      await cancel(alice, booking.id).expect(409);
      expect((await read(alice, booking.id).expect(200)).body.status).toBe('confirmed');
      // Before the start it is still the requester's to cancel.
      gw.clock.set(started);
      const early = (await book(alice, window('LATE-1', at(3, 13), at(3, 14))).expect(201)).body;
      expect((await cancel(alice, early.id).expect(200)).body.status).toBe('cancelled');
    });

    it('answers FAILED_PRECONDITION over gRPC', async () => {
      const booking = await grpcBook('LATE-1', new Date(at(4, 9)), new Date(at(4, 10)));
      gw.clock.set(new Date(at(4, 9, 30)));
      await expect(call('cancelBooking', { bookingId: booking.id, reason: 'used' })).rejects.toMatchObject({
        code: grpc.status.FAILED_PRECONDITION,
        details: expect.stringContaining('started'),
      });
      expect((await call<{ booking: WireBooking }>('getBooking', { bookingId: booking.id })).booking.status).toBe(BookingStatus.BOOKING_STATUS_CONFIRMED);
    });
  });

  describe('8–9. customs decisions', () => {
    it('records an approval whose window was taken meanwhile, rejects the booking saying why, and takes it off the queue', async () => {
      const gated = (await book(alice, window('DF-1', at(8, 9), at(8, 11))).expect(201)).body;
      expect(gated.status).toBe('awaiting_customs');
      // The owning unit is not gated (Art. 12) and takes the window meanwhile.
      expect((await book(ownerAdmin, window('DF-1', at(8, 10), at(8, 12))).expect(201)).body.status).toBe('confirmed');

      const approved = await request(gw.server)
        .post(`/api/v1/customs/approvals/${gated.id}/approve`)
        .set('Authorization', `Bearer ${officer}`)
        .send({ reference: '嘉关监〔2026〕101号' })
        .expect(200);
      expect(approved.body).toMatchObject({ status: 'rejected', reason: expect.stringContaining('window was confirmed for another booking meanwhile') });
      const audit = (await read(alice, gated.id).expect(200)).body.audit;
      expect(audit.slice(-2)).toEqual([
        expect.objectContaining({
          from: 'awaiting_customs',
          to: 'awaiting_customs',
          actor: 'officer-zhang',
          reason: expect.stringContaining('嘉关监〔2026〕101号'),
        }),
        expect.objectContaining({ from: 'awaiting_customs', to: 'rejected', reason: expect.stringContaining('meanwhile') }),
      ]);
      const pending = (await request(gw.server).get('/api/v1/customs/approvals?status=pending').set('Authorization', `Bearer ${officer}`).expect(200)).body
        .items;
      expect(pending.map((p: { bookingId: string }) => p.bookingId)).not.toContain(gated.id);
      const decided = (await request(gw.server).get('/api/v1/customs/approvals?status=decided').set('Authorization', `Bearer ${officer}`).expect(200)).body
        .items;
      expect(decided).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            bookingId: gated.id,
            status: 'decided',
            bookingStatus: 'rejected',
            decision: expect.objectContaining({ outcome: 'approved', officer: 'officer-zhang', reference: '嘉关监〔2026〕101号' }),
          }),
        ]),
      );
    });

    it('lets officers read and list the bookings that came before customs, decided ones included, and nothing else', async () => {
      const toApprove = (await book(alice, window('DF-2', at(9, 9), at(9, 11))).expect(201)).body;
      const toReject = (await book(bob, window('DF-2', at(10, 9), at(10, 11))).expect(201)).body;
      const ownersOwn = (await book(ownerAdmin, window('DF-2', at(11, 9), at(11, 11))).expect(201)).body;
      const ungated = (await book(alice, window('PLAIN-1', at(9, 9), at(9, 11))).expect(201)).body;

      await request(gw.server)
        .post(`/api/v1/customs/approvals/${toApprove.id}/approve`)
        .set('Authorization', `Bearer ${officer}`)
        .send({ reference: '嘉关监〔2026〕102号' })
        .expect(200);
      await request(gw.server)
        .post(`/api/v1/customs/approvals/${toReject.id}/reject`)
        .set('Authorization', `Bearer ${officer}`)
        .send({ reference: '嘉关监〔2026〕103号', reason: '用途超出监管范围' })
        .expect(200);

      const detail = (await read(officer, toApprove.id).expect(200)).body;
      expect(detail).toMatchObject({ status: 'confirmed' });
      expect(detail.audit.at(-1)).toMatchObject({ actor: 'officer-zhang', reason: expect.stringContaining('102号') });
      expect((await read(officer, toReject.id).expect(200)).body.status).toBe('rejected');
      // Not before customs: the owner unit's own booking, and any instrument without the gate.
      await read(officer, ownersOwn.id).expect(404);
      await read(officer, ungated.id).expect(404);
      // Reading is all: an officer does not cancel the requester's booking.
      await cancel(officer, toApprove.id).expect(403);

      const decided = (
        await request(gw.server).get('/api/v1/customs/approvals').query({ status: 'decided' }).set('Authorization', `Bearer ${officer}`).expect(200)
      ).body.items;
      const byId = new Map(decided.map((d: { bookingId: string }) => [d.bookingId, d]));
      expect(byId.get(toApprove.id)).toMatchObject({
        instrumentId: id('DF-2'),
        requestingUnitId: 'jx-u002',
        bookingStatus: 'confirmed',
        decision: { outcome: 'approved', reference: '嘉关监〔2026〕102号', officer: 'officer-zhang' },
      });
      expect(byId.get(toReject.id)).toMatchObject({ bookingStatus: 'rejected', decision: { outcome: 'rejected', reason: '用途超出监管范围' } });
      expect(byId.has(ownersOwn.id) || byId.has(ungated.id)).toBe(false);
      await request(gw.server).get('/api/v1/customs/approvals').query({ status: 'everything' }).set('Authorization', `Bearer ${officer}`).expect(400);
    });
  });

  describe('10. impossible dates are refused, not moved', () => {
    it.each([
      ['2027-02-30T10:00:00Z', 'no day 30'],
      ['2027-04-31T10:00:00Z', 'no day 31'],
      ['2027-01-10T10:00:00+23:59', '±14:00'],
      ['2027-01-10T24:00:00Z', '24:00'],
      ['2027-01-10T10:00:60Z', 'leap second'],
      ['2027-01-10T10:00:00+08:60', 'minutes'],
    ])('POST /bookings with start %s → 400 (%s)', async (start, why) => {
      const res = await book(alice, { ...window('DATES-1', start, '2027-03-05T12:00:00Z') }).expect(400);
      expect(res.body.violations).toEqual([{ field: 'start', message: expect.stringContaining(why) }]);
    });

    it('refuses impossible from/to on availability over HTTP', async () => {
      const res = await request(gw.server)
        .get(`/api/v1/instruments/${id('DATES-1')}/availability`)
        .query({ from: '2027-02-29T00:00:00+08:00', to: '2027-03-02T00:00:00+08:00' })
        .expect(400);
      expect(res.body.violations).toEqual([{ field: 'from', message: expect.stringContaining('no day 29') }]);
      await request(gw.server)
        .get(`/api/v1/instruments/${id('DATES-1')}/availability`)
        .query({ from: at(1, 0), to: '2026-12-02T00:00:00+14:30' })
        .expect(400);
      await request(gw.server)
        .get(`/api/v1/instruments/${id('DATES-1')}/availability`)
        .query({ from: at(1, 0), to: at(2, 0) })
        .expect(200);
    });

    it('refuses over gRPC a Timestamp outside 0001-01-01…9999-12-31 with INVALID_ARGUMENT', async () => {
      const far = 8.64e15;
      await expect(call('checkAvailability', { instrumentId: id('DATES-1'), from: new Date(far - 86_400_000), to: new Date(far) })).rejects.toMatchObject({
        code: grpc.status.INVALID_ARGUMENT,
      });
      await expect(grpcBook('DATES-1', new Date(far - 86_400_000), new Date(far))).rejects.toMatchObject({
        code: grpc.status.INVALID_ARGUMENT,
        details: expect.stringContaining('9999'),
      });
    });
  });
});
