import * as grpc from '@grpc/grpc-js';
import request from 'supertest';
import { BookingServiceClient, BookingStatus as WireStatus, type Booking as WireBooking, type CreateBookingRequest } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { DATABASE, sql, type Database } from '@app/persistence';
import { storageModes } from '../support/databases';
import { PARTNER_IN_TOKEN, eventually, startTestPartners, type TestPartners } from '../support/federation';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

const at = (day: number, hour: number) => `2026-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;

/**
 * Who a requester is, and who may act for a unit: a partner's word about its
 * requester is a claim about its own region that decides nothing here (Art. 12,
 * fees, owner approval, visibility), our users and partners' users never share
 * an identity, and only units of our region act as a unit here.
 */
describe.each(storageModes())('booking trust boundaries (%s)', (mode) => {
  let partners: TestPartners;
  let gw: TestGateway;
  let address: string;
  let shanghaiFree: string[];
  let jiangsuFree: string;
  let shanghaiUnit: string;
  const id = (localId: string) => localInstrumentId('jx-u001', localId);

  beforeAll(async () => {
    partners = await startTestPartners([
      { region: 'shanghai', count: 40, seed: 5 },
      { region: 'jiangsu', count: 40, seed: 6 },
    ]);
    gw = await startTestGateway(mode, { PARTNERS_FILE: partners.file, GRPC_PORT: '0', BOOKING_SWEEP_INTERVAL_MS: '300' });
    await gw.seed(JX_UNITS, [
      sem({ localId: 'T-SEM' }),
      sem({ localId: 'T-SECRET', confidentiality: { status: 'confidential' } }),
      // Released 2025-06-01: inside the 3-year supervision on 2026-11-29 (Art. 12).
      sem({ localId: 'T-DF', dutyFreeImport: { declarationNo: '292020251000000009', releaseDate: '2025-06-01', supervisionYears: 3 } }),
      sem({ localId: 'T-OWNER', requiresOwnerApproval: true }),
    ]);
    address = `127.0.0.1:${await startGrpc(gw.app)}`;
    const pick = (region: 'shanghai' | 'jiangsu') =>
      partners.nodes[region].store
        .shareable()
        .map((e) => e.stored.instrument)
        .filter((i) => !i.requiresOwnerApproval);
    const sh = pick('shanghai');
    shanghaiFree = sh.map((i) => i.id);
    shanghaiUnit = sh[0].unitId;
    jiangsuFree = pick('jiangsu')[0].id;
    for (const instrument of [...shanghaiFree.slice(0, 4), jiangsuFree]) {
      await eventually(
        () =>
          request(gw.server)
            .get(`/api/v1/instruments/${instrument}`)
            .then((r) => r.status),
        (s) => s === 200,
      );
    }
  }, 90_000);
  afterAll(async () => {
    await gw?.close();
    await partners?.close();
  });

  const db = () => gw.app.get<Database>(DATABASE).db;
  const metadata = (partner: string) => {
    const m = new grpc.Metadata();
    m.set('authorization', `Bearer ${PARTNER_IN_TOKEN(partner)}`);
    return m;
  };
  /** One unary call of BookingService as `partner`; resolves with the answer or the status error. */
  function call<Req, Res>(
    method: 'createBooking' | 'cancelBooking' | 'getBooking',
    req: Req,
    partner = 'shanghai',
  ): Promise<{ ok: Res } | { error: grpc.ServiceError }> {
    const client = new BookingServiceClient(address, grpc.credentials.createInsecure());
    return new Promise((resolve) => {
      (client[method] as unknown as (r: Req, m: grpc.Metadata, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r: Res) => void) => void)(
        req,
        metadata(partner),
        { deadline: Date.now() + 10_000 },
        (e, r) => {
          client.close();
          resolve(e ? { error: e } : { ok: r });
        },
      );
    });
  }
  const grpcBook = (req: Partial<CreateBookingRequest> & { idempotencyKey: string }, partner = 'shanghai') =>
    call<CreateBookingRequest, { booking: WireBooking }>(
      'createBooking',
      {
        instrumentId: id('T-SEM'),
        window: { start: new Date(at(1, 9)), end: new Date(at(1, 10)) },
        requester: { pseudonymousId: 'sh-p1', unitId: '', unitName: '' },
        purpose: 'XRD',
        sampleDescription: '',
        ...req,
      },
      partner,
    );
  const codeOf = (r: { error: grpc.ServiceError } | { ok: unknown }) => ('error' in r ? r.error.code : grpc.status.OK);
  const bookingOf = (r: { error: grpc.ServiceError } | { ok: { booking: WireBooking } }) => {
    if ('error' in r) throw new Error(`expected a booking, got ${r.error.code} ${r.error.details}`);
    return r.ok.booking;
  };
  const stored = async (key: string) =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM bookings WHERE idempotency_key = ${key}`.execute(db())).rows[0].n;
  const window = (day: number, from = 9, to = 10) => ({ start: new Date(at(day, from)), end: new Date(at(day, to)) });
  const http = (token: string) => ({
    book: (key: string, body: Record<string, unknown>) =>
      request(gw.server).post('/api/v1/bookings').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(body),
    get: (bookingId: string) => request(gw.server).get(`/api/v1/bookings/${bookingId}`).set('Authorization', `Bearer ${token}`),
    list: () => request(gw.server).get('/api/v1/bookings').set('Authorization', `Bearer ${token}`),
    cancel: (bookingId: string, reason?: string) =>
      request(gw.server)
        .post(`/api/v1/bookings/${bookingId}/cancel`)
        .set('Authorization', `Bearer ${token}`)
        .send(reason === undefined ? {} : { reason }),
  });
  const body = (instrumentId: string, day: number, from = 9, to = 10) => ({
    instrumentId,
    start: at(day, from),
    end: at(day, to),
    purpose: '表征纳米颗粒形貌',
  });

  describe('a partner speaks for its own region only (issue 15.1)', () => {
    it('refuses a requester unit of another region with PERMISSION_DENIED, storing nothing', async () => {
      for (const [key, instrumentId] of [
        ['claim-jx-secret', id('T-SECRET')],
        ['claim-jx-customs', id('T-DF')],
        ['claim-jx-sem', id('T-SEM')],
      ]) {
        const answer = await grpcBook({
          idempotencyKey: key,
          instrumentId,
          window: window(2),
          requester: { pseudonymousId: 'sh-p1', unitId: 'jx-u001', unitName: '嘉兴学院' },
        });
        expect([key, codeOf(answer)]).toEqual([key, grpc.status.PERMISSION_DENIED]);
        expect(await stored(key)).toBe(0);
      }
      // A Jiangsu unit is not Shanghai's either.
      const jiangsuUnit = partners.nodes.jiangsu.store.shareable()[0].stored.instrument.unitId;
      const other = await grpcBook({
        idempotencyKey: 'claim-js-unit',
        window: window(2),
        requester: { pseudonymousId: 'sh-p1', unitId: jiangsuUnit, unitName: '' },
      });
      expect(codeOf(other)).toBe(grpc.status.PERMISSION_DENIED);
    });

    it('keeps its own-region unit as a claim that decides nothing: confidential stays missing, customs, owner approval and the external price apply', async () => {
      const requester = { pseudonymousId: 'sh-p2', unitId: shanghaiUnit, unitName: '上海某研究所' };
      expect(codeOf(await grpcBook({ idempotencyKey: 'own-claim-secret', instrumentId: id('T-SECRET'), window: window(3), requester }))).toBe(
        grpc.status.NOT_FOUND,
      );
      const gated = bookingOf(await grpcBook({ idempotencyKey: 'own-claim-customs', instrumentId: id('T-DF'), window: window(3), requester }));
      expect(gated.status).toBe(WireStatus.BOOKING_STATUS_AWAITING_CUSTOMS);
      expect(gated.requester).toMatchObject({ pseudonymousId: 'sh-p2', unitId: shanghaiUnit });
      const owner = bookingOf(await grpcBook({ idempotencyKey: 'own-claim-owner', instrumentId: id('T-OWNER'), window: window(3), requester }));
      expect(owner.status).toBe(WireStatus.BOOKING_STATUS_PENDING_OWNER);
      const priced = bookingOf(await grpcBook({ idempotencyKey: 'own-claim-fee', instrumentId: id('T-SEM'), window: window(3), requester }));
      const admin = await gw.token('admin', undefined, 'platform-admin');
      const seen = (await http(admin).get(priced.id).expect(200)).body;
      expect(seen.feeEstimate).toMatchObject({ tariff: 'external', unitPriceCny: 500 });
      // Stored as what it is: a claim of the Shanghai platform, not one of our units.
      expect(seen.requester).toEqual({ kind: 'partner', partnerId: 'shanghai', pseudonym: 'sh-p2', claimedUnitId: shanghaiUnit, claimedRegion: 'shanghai' });
      expect(seen).not.toHaveProperty('requesterUnitId');
      expect(seen).not.toHaveProperty('requesterSub');
    });
  });

  describe('whoever is not the owner unit is another unit (issue 15.2)', () => {
    it('sends a person without a unit to Jiaxing Customs inside supervision, over HTTP and gRPC (Art. 12)', async () => {
      const person = await gw.token('user', undefined, 'person-no-unit');
      const res = await http(person)
        .book('nounit-customs-1', body(id('T-DF'), 4))
        .expect(201);
      expect(res.body.status).toBe('awaiting_customs');
      expect(res.body.reason).toMatch(/Art\. 12/);
      const viaPartner = bookingOf(await grpcBook({ idempotencyKey: 'nounit-customs-2', instrumentId: id('T-DF'), window: window(5) }));
      expect(viaPartner.status).toBe(WireStatus.BOOKING_STATUS_AWAITING_CUSTOMS);
    });
  });

  describe('gRPC status codes are the ones booking.proto documents (issues 15.1, 16.3)', () => {
    it('an overlap is FAILED_PRECONDITION; a reused key with another request is ALREADY_EXISTS', async () => {
      expect(bookingOf(await grpcBook({ idempotencyKey: 'codes-first-1', window: window(6) })).status).toBe(WireStatus.BOOKING_STATUS_CONFIRMED);
      expect(codeOf(await grpcBook({ idempotencyKey: 'codes-overlap-1', window: window(6) }))).toBe(grpc.status.FAILED_PRECONDITION);
      expect(codeOf(await grpcBook({ idempotencyKey: 'codes-first-1', window: window(6, 11, 12) }))).toBe(grpc.status.ALREADY_EXISTS);
      // The same request again is a replay, not an error.
      expect(codeOf(await grpcBook({ idempotencyKey: 'codes-first-1', window: window(6) }))).toBe(grpc.status.OK);
    });

    it("a partner's key is the partner's: the same key for another pseudonym is ALREADY_EXISTS and books nothing", async () => {
      const first = bookingOf(
        await grpcBook({ idempotencyKey: 'partner-key-1', window: window(7), requester: { pseudonymousId: 'sh-a', unitId: '', unitName: '' } }),
      );
      const second = await grpcBook({
        idempotencyKey: 'partner-key-1',
        window: window(7, 11, 12),
        requester: { pseudonymousId: 'sh-b', unitId: '', unitName: '' },
      });
      expect(codeOf(second)).toBe(grpc.status.ALREADY_EXISTS);
      expect(await stored('partner-key-1')).toBe(1);
      // Another partner's key space is its own.
      const jiangsu = bookingOf(
        await grpcBook(
          { idempotencyKey: 'partner-key-1', window: window(7, 13, 14), requester: { pseudonymousId: 'sh-a', unitId: '', unitName: '' } },
          'jiangsu',
        ),
      );
      expect(jiangsu.id).not.toBe(first.id);
    });

    it('over HTTP the key stays per user: two users may use one key; one user reusing it for another body gets 422', async () => {
      const [a, b] = await Promise.all([gw.token('user', 'jx-u002', 'key-user-a'), gw.token('user', 'jx-u002', 'key-user-b')]);
      const first = await http(a)
        .book('shared-http-key', body(id('T-SEM'), 8))
        .expect(201);
      const second = await http(b)
        .book('shared-http-key', body(id('T-SEM'), 8, 11, 12))
        .expect(201);
      expect(second.body.id).not.toBe(first.body.id);
      const reused = await http(a)
        .book('shared-http-key', body(id('T-SEM'), 8, 13, 14))
        .expect(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const overlap = await http(b)
        .book('overlap-http-key', body(id('T-SEM'), 8))
        .expect(409);
      expect(overlap.body.conflict).toBeDefined();
    });
  });

  describe('identity data never reaches a partner (issue 15.9, Art. 17)', () => {
    it.each(['13812345678', '11010119900307451X'])('refuses %s as a pseudonym (INVALID_ARGUMENT)', async (pseudonymousId) => {
      const key = `pseudo-${pseudonymousId}`;
      expect(codeOf(await grpcBook({ idempotencyKey: key, window: window(9), requester: { pseudonymousId, unitId: '', unitName: '' } }))).toBe(
        grpc.status.INVALID_ARGUMENT,
      );
      expect(await stored(key)).toBe(0);
    });

    it('refuses a cancellation reason carrying identity data, over HTTP and gRPC, before anything is cancelled or sent', async () => {
      const user = await gw.token('user', 'jx-u002', 'cancel-privacy-user');
      const forwarded = (await http(user).book('privacy-cancel-1', body(shanghaiFree[1], 10)).expect(201)).body;
      await eventually(
        () =>
          http(user)
            .get(forwarded.id)
            .then((r) => r.body.status),
        (s) => s !== 'forwarding',
      );
      const res = await http(user).cancel(forwarded.id, '请致电 13812345678').expect(400);
      expect(res.body.violations[0]).toMatchObject({ field: 'reason', message: expect.stringContaining('Art. 17') });
      expect((await http(user).get(forwarded.id).expect(200)).body.status).toBe('confirmed');

      const mine = bookingOf(await grpcBook({ idempotencyKey: 'privacy-cancel-2', window: window(10) }));
      const refused = await call('cancelBooking', { bookingId: mine.id, reason: '身份证 11010119900307451X' });
      expect(codeOf(refused)).toBe(grpc.status.INVALID_ARGUMENT);
      const still = await call<{ bookingId: string }, { booking: WireBooking }>('getBooking', { bookingId: mine.id });
      expect(bookingOf(still).status).toBe(WireStatus.BOOKING_STATUS_CONFIRMED);
    });

    it("refuses an owner's rejection reason carrying identity data: a partner's requester reads it (Art. 17)", async () => {
      const pending = bookingOf(await grpcBook({ idempotencyKey: 'privacy-reject-1', instrumentId: id('T-OWNER'), window: window(10, 13, 14) }));
      expect(pending.status).toBe(WireStatus.BOOKING_STATUS_PENDING_OWNER);
      const ownAdmin = await gw.token('unit_admin', 'jx-u001', 'jx-owner-admin');
      const reject = (reason: string) =>
        request(gw.server).post(`/api/v1/bookings/${pending.id}/reject`).set('Authorization', `Bearer ${ownAdmin}`).send({ reason });
      const res = await reject('请联系 zhang.san@example.com').expect(400);
      expect(res.body.violations[0]).toMatchObject({ field: 'reason', message: expect.stringContaining('e-mail address') });
      expect((await reject('样品不符合要求').expect(200)).body.status).toBe('rejected');
    });
  });

  describe('only units of our region act as a unit here (issue 15.10)', () => {
    it("a unit_admin token naming a partner's unit neither lists, reads nor cancels our user's booking of that unit's instrument", async () => {
      const user = await gw.token('user', 'jx-u002', 'jx-user-10');
      const instrument = (await request(gw.server).get(`/api/v1/instruments/${shanghaiFree[0]}`).expect(200)).body;
      const created = (await http(user).book('unit-scope-1', body(shanghaiFree[0], 11)).expect(201)).body;
      await eventually(
        () =>
          http(user)
            .get(created.id)
            .then((r) => r.body.status),
        (s) => s !== 'forwarding',
      );
      const outsider = await gw.token('unit_admin', instrument.unitId, 'sh-unit-admin');
      const listed = (await http(outsider).list().expect(200)).body.items as { id: string }[];
      expect(listed.map((b) => b.id)).not.toContain(created.id);
      await http(outsider).get(created.id).expect(404);
      await http(outsider).cancel(created.id).expect(404);
      expect((await http(user).get(created.id).expect(200)).body.status).toBe('confirmed');
      // Our own unit's admin still acts for it.
      const ownAdmin = await gw.token('unit_admin', 'jx-u001', 'jx-unit-admin');
      const local = (
        await http(user)
          .book('unit-scope-2', body(id('T-SEM'), 11))
          .expect(201)
      ).body;
      expect(((await http(ownAdmin).list().expect(200)).body.items as { id: string }[]).map((b) => b.id)).toContain(local.id);
    }, 30_000);
  });

  describe("our users and partners' users never share an identity (issue 15.11)", () => {
    it("a web user whose sub looks like a partner identity does not see or cancel that partner's booking", async () => {
      const partnerBooking = bookingOf(
        await grpcBook({ idempotencyKey: 'collide-1', window: window(12), requester: { pseudonymousId: 'p1', unitId: '', unitName: '' } }),
      );
      const impostor = await gw.token('user', undefined, 'partner:shanghai:p1');
      await http(impostor).get(partnerBooking.id).expect(404);
      await http(impostor).cancel(partnerBooking.id).expect(404);
      expect(((await http(impostor).list().expect(200)).body.items as { id: string }[]).map((b) => b.id)).not.toContain(partnerBooking.id);
      // And the impostor's own key does not replay the partner's booking.
      const own = await http(impostor)
        .book('collide-1', body(id('T-SEM'), 12, 13, 14))
        .expect(201);
      expect(own.body.id).not.toBe(partnerBooking.id);
      const after = await call<{ bookingId: string }, { booking: WireBooking }>('getBooking', { bookingId: partnerBooking.id });
      expect(bookingOf(after).status).toBe(WireStatus.BOOKING_STATUS_CONFIRMED);
    });
  });

  describe('pseudonyms differ per partner (issue 15.4, Art. 17)', () => {
    it('one user gets a stable pseudonym per partner, and different ones on different platforms', async () => {
      const user = await gw.token('user', 'jx-u002', 'jx-user-pseudo');
      const toShanghai = (await http(user).book('pseudo-sh-1', body(shanghaiFree[2], 13)).expect(201)).body;
      const toShanghaiAgain = (await http(user).book('pseudo-sh-2', body(shanghaiFree[3], 14)).expect(201)).body;
      const toJiangsu = (await http(user).book('pseudo-js-1', body(jiangsuFree, 13)).expect(201)).body;
      const received = (region: 'shanghai' | 'jiangsu', bookingId: string) =>
        eventually(
          async () => partners.nodes[region].received.find((r) => r.idempotencyKey === `yrd-jiaxing-${bookingId}`),
          (r) => r !== undefined,
        ).then((r) => r!.requester!.pseudonymousId);
      const [sh1, sh2, js] = await Promise.all([
        received('shanghai', toShanghai.id),
        received('shanghai', toShanghaiAgain.id),
        received('jiangsu', toJiangsu.id),
      ]);
      expect(sh1).toBe(sh2);
      expect(js).not.toBe(sh1);
      expect(js).toMatch(/^jx-[A-Za-z0-9_-]{24}$/);
    }, 30_000);
  });
});
