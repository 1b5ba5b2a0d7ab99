import * as grpc from '@grpc/grpc-js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { BookingServiceClient, BookingStatus } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { sql } from '@app/persistence';
import { DATABASE, type Database } from '@app/persistence';
import { PARTNER_IN_TOKEN } from '../support/federation';
import { storageModes } from '../support/databases';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

const at = (day: number, hour: number) => `2026-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;

describe.each(storageModes())('booking Jiaxing instruments over HTTP and gRPC (%s)', (mode) => {
  let gw: TestGateway;
  let address: string;
  let user1: string;
  let user2: string;
  let admin1: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booking-'));

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
    gw = await startTestGateway(mode, { PARTNERS_FILE: partners, GRPC_PORT: '0' });
    await gw.seed(JX_UNITS, [
      sem({ localId: 'SEM-1' }),
      sem({ localId: 'SECRET-1', confidentiality: { status: 'confidential' } }),
      // Released 2025-06-01: inside the 3-year supervision on 2026-11-29 (Art. 12).
      sem({ localId: 'DF-IN', dutyFreeImport: { declarationNo: '292020251000000001', releaseDate: '2025-06-01', supervisionYears: 3 } }),
      sem({ localId: 'DF-OUT', dutyFreeImport: { declarationNo: '292020201000000002', releaseDate: '2020-06-01', supervisionYears: 3 } }),
      sem({ localId: 'RACE-1' }),
      sem({ localId: 'OWNER-1', requiresOwnerApproval: true }),
    ]);
    address = `127.0.0.1:${await startGrpc(gw.app)}`;
    [user1, user2, admin1] = await Promise.all([
      gw.token('user', 'jx-u002', 'alice'),
      gw.token('user', 'jx-u002', 'bob'),
      gw.token('unit_admin', 'jx-u001', 'owner-admin'),
    ]);
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const book = (token: string, key: string | undefined, body: Record<string, unknown>) => {
    const r = request(gw.server).post('/api/v1/bookings').set('Authorization', `Bearer ${token}`);
    return (key ? r.set('Idempotency-Key', key) : r).send(body);
  };
  const body = (id: string, day = 1, from = 9, to = 11) => ({
    instrumentId: localInstrumentId('jx-u001', id),
    start: at(day, from),
    end: at(day, to),
    purpose: '表征纳米颗粒形貌',
    sampleDescription: '粉末样品 3 份',
  });

  const client = () => new BookingServiceClient(address, grpc.credentials.createInsecure());
  const meta = () => {
    const m = new grpc.Metadata();
    m.set('authorization', `Bearer ${PARTNER_IN_TOKEN('shanghai')}`);
    return m;
  };
  const grpcBookWith = (fields: Record<string, unknown>) =>
    new Promise<unknown>((resolve, reject) =>
      client().createBooking(
        {
          idempotencyKey: 'doc-key-grpc-1',
          instrumentId: localInstrumentId('jx-u001', 'SEM-1'),
          window: { start: new Date(at(21, 9)), end: new Date(at(21, 11)) },
          requester: { pseudonymousId: 'sh-user-42', unitId: 'sh-u001', unitName: '' },
          purpose: 'XRD',
          sampleDescription: '',
          ...fields,
        },
        meta(),
        { deadline: Date.now() + 30_000 },
        (e, r) => (e ? reject(e) : resolve(r)),
      ),
    );
  const grpcBook = (id: string, key: string, start: string, end: string) =>
    new Promise<any>((resolve, reject) =>
      client().createBooking(
        {
          idempotencyKey: key,
          instrumentId: id,
          window: { start: new Date(start), end: new Date(end) },
          requester: { pseudonymousId: 'sh-user-42', unitId: 'sh-u001', unitName: '' },
          purpose: 'XRD',
          sampleDescription: '',
        },
        meta(),
        // As long as the HTTP requests racing them may take: on a loaded machine 500 transactions on one embedded session take tens of seconds.
        { deadline: Date.now() + 60_000 },
        (e, r) => (e ? reject(e) : resolve(r)),
      ),
    );

  it('confirms a free window and answers a replay with the same booking', async () => {
    const first = await book(user1, 'key-0001-alice', body('SEM-1')).expect(201);
    expect(first.body).toMatchObject({ status: 'confirmed', instrumentId: localInstrumentId('jx-u001', 'SEM-1') });
    const again = await book(user1, 'key-0001-alice', body('SEM-1')).expect(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('refuses the same key with a different body (422) and a missing key (400)', async () => {
    await book(user1, 'key-0001-alice', body('SEM-1', 1, 13, 14)).expect(422);
    await book(user1, undefined, body('SEM-1', 2)).expect(400);
  });

  it('documents in /api/openapi.json the body it enforces, over HTTP and gRPC alike', async () => {
    const doc = (await request(gw.server).get('/api/openapi.json').expect(200)).body;
    const schema = doc.paths['/api/v1/bookings'].post.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['instrumentId', 'start', 'end', 'purpose']);
    expect(schema.additionalProperties).toBe(false);
    const { maxLength } = schema.properties.purpose;
    const tooLong = await book(user1, 'doc-key-0001', { ...body('SEM-1', 20), purpose: '样'.repeat(maxLength + 1) }).expect(400);
    expect(tooLong.body.violations).toEqual([{ field: 'purpose', message: `must be at most ${maxLength} characters, got ${maxLength + 1}` }]);
    await expect(grpcBookWith({ purpose: '样'.repeat(maxLength + 1) })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: `purpose: must be at most ${maxLength} characters, got ${maxLength + 1}`,
    });
  });

  it('answers 409 with the conflicting window on overlap', async () => {
    const res = await book(user2, 'key-0002-bobby', body('SEM-1', 1, 10, 12)).expect(409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(new Date(res.body.conflict.start).toISOString()).toBe(new Date(at(1, 9)).toISOString());
  });

  it('shows busy windows, not whose', async () => {
    const res = await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'SEM-1')}/availability`)
      .query({ from: at(1, 0), to: at(2, 0) })
      .expect(200);
    expect(res.body.busy).toEqual([{ start: new Date(at(1, 9)).toISOString(), end: new Date(at(1, 11)).toISOString() }]);
    expect(JSON.stringify(res.body)).not.toMatch(/alice/);
  });

  it('of 500 concurrent overlapping attempts, half over HTTP and half over gRPC, exactly one is confirmed', async () => {
    const attempts = Array.from({ length: 500 }, (_, i) =>
      i % 2 === 0
        ? book(user2, `race-http-${i}`, body('RACE-1', 3, 9, 12)).then((r) => r.status)
        : grpcBook(localInstrumentId('jx-u001', 'RACE-1'), `race-grpc-${i}`, at(3, 10), at(3, 11)).then(
            () => 201,
            (e: grpc.ServiceError) => e.code,
          ),
    );
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r === 201)).toHaveLength(1);
    // Each attempt has its own key: every loser lost on the overlap, which is 409 over HTTP and FAILED_PRECONDITION over gRPC (booking.proto).
    const httpLosers = results.filter((r, i) => i % 2 === 0 && r !== 201);
    const grpcLosers = results.filter((r, i) => i % 2 === 1 && r !== 201);
    expect(httpLosers.filter((r) => r !== 409)).toEqual([]);
    expect(grpcLosers.filter((r) => r !== grpc.status.FAILED_PRECONDITION)).toEqual([]);
    const database = gw.app.get<Database>(DATABASE);
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM bookings b1 JOIN bookings b2 ON b1.instrument_id = b2.instrument_id AND b1.id < b2.id AND b1.period && b2.period WHERE b1.status = 'confirmed' AND b2.status = 'confirmed'`.execute(
      database.db,
    );
    expect(rows[0].n).toBe(0);
  }, 60_000);

  it('sends another unit to customs inside supervision; the owner unit and past supervision are not gated (Art. 12)', async () => {
    expect((await book(user1, 'customs-other-1', body('DF-IN', 4)).expect(201)).body.status).toBe('awaiting_customs');
    expect((await book(admin1, 'customs-owner-1', body('DF-IN', 5)).expect(201)).body.status).toBe('confirmed');
    expect((await book(user1, 'customs-past-1', body('DF-OUT', 4)).expect(201)).body.status).toBe('confirmed');
    const viaGrpc = await grpcBook(localInstrumentId('jx-u001', 'DF-IN'), 'customs-grpc-1', at(6, 9), at(6, 10));
    expect(viaGrpc.booking.status).toBe(BookingStatus.BOOKING_STATUS_AWAITING_CUSTOMS);
  });

  it('lets Jiaxing Customs approve or reject a gated booking with its reference, kept on the booking (Art. 12)', async () => {
    const officer = await gw.token('customs_officer', undefined, 'officer-zhang');
    const toApprove = (await book(user1, 'customs-flow-1', body('DF-IN', 10)).expect(201)).body;
    const toReject = (await book(user2, 'customs-flow-2', body('DF-IN', 11)).expect(201)).body;
    expect([toApprove.status, toReject.status]).toEqual(['awaiting_customs', 'awaiting_customs']);

    await request(gw.server).get('/api/v1/customs/approvals?status=pending').set('Authorization', `Bearer ${user1}`).expect(403);
    const pending = (await request(gw.server).get('/api/v1/customs/approvals?status=pending').set('Authorization', `Bearer ${officer}`).expect(200)).body.items;
    expect(pending).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          bookingId: toApprove.id,
          instrumentId: localInstrumentId('jx-u001', 'DF-IN'),
          declarationNo: '292020251000000001',
          requestingUnitId: 'jx-u002',
          status: 'pending',
        }),
      ]),
    );

    await request(gw.server).post(`/api/v1/customs/approvals/${toApprove.id}/approve`).set('Authorization', `Bearer ${officer}`).send({}).expect(400);
    const approved = await request(gw.server)
      .post(`/api/v1/customs/approvals/${toApprove.id}/approve`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ reference: '嘉关监〔2026〕88号' })
      .expect(200);
    expect(approved.body.status).toBe('confirmed');
    const rejected = await request(gw.server)
      .post(`/api/v1/customs/approvals/${toReject.id}/reject`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ reference: '嘉关监〔2026〕89号', reason: '用途超出监管范围' })
      .expect(200);
    expect(rejected.body.status).toBe('rejected');
    await request(gw.server)
      .post(`/api/v1/customs/approvals/${toApprove.id}/approve`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ reference: 'again' })
      .expect(404);

    const detail = await request(gw.server).get(`/api/v1/bookings/${toApprove.id}`).set('Authorization', `Bearer ${user1}`).expect(200);
    expect(detail.body.audit.at(-1)).toMatchObject({
      from: 'awaiting_customs',
      to: 'confirmed',
      actor: 'officer-zhang',
      reason: expect.stringContaining('嘉关监〔2026〕88号'),
    });
  });

  it('treats a confidential instrument as missing from outside its unit, over HTTP and gRPC (Art. 2, 11)', async () => {
    await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'SECRET-1')}`)
      .set('Authorization', `Bearer ${user1}`)
      .expect(404);
    await request(gw.server)
      .get(`/api/v1/instruments/${localInstrumentId('jx-u001', 'SECRET-1')}/availability`)
      .query({ from: at(1, 0), to: at(2, 0) })
      .expect(404);
    const hidden = await book(user1, 'secret-key-1', body('SECRET-1', 7)).expect(404);
    const missing = await book(user1, 'secret-key-2', body('NOPE-1', 7)).expect(404);
    expect(hidden.body.detail.replace('SECRET-1', 'X')).toBe(missing.body.detail.replace('NOPE-1', 'X'));
    await expect(grpcBook(localInstrumentId('jx-u001', 'SECRET-1'), 'secret-grpc-1', at(7, 9), at(7, 10))).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
    });
    const availability = (id: string) =>
      new Promise<grpc.ServiceError | null>((resolve) =>
        client().checkAvailability({ instrumentId: id, from: new Date(at(1, 0)), to: new Date(at(2, 0)) }, meta(), { deadline: Date.now() + 5_000 }, (e) =>
          resolve(e),
        ),
      );
    const [secret, nope] = await Promise.all([availability(localInstrumentId('jx-u001', 'SECRET-1')), availability(localInstrumentId('jx-u001', 'NOPE-1'))]);
    expect(secret?.code).toBe(grpc.status.NOT_FOUND);
    expect(secret?.details.replace('SECRET-1', 'X')).toBe(nope?.details.replace('NOPE-1', 'X'));
    // Inside its unit it exists and can be booked.
    expect((await book(admin1, 'secret-owner-1', body('SECRET-1', 7)).expect(201)).body.status).toBe('confirmed');
  });

  it('cancels, keeps an append-only audit trail, and answers a repeated cancel with the cancelled booking', async () => {
    const created = await book(user2, 'cancel-key-1', body('SEM-1', 8)).expect(201);
    const cancelled = await request(gw.server)
      .post(`/api/v1/bookings/${created.body.id}/cancel`)
      .set('Authorization', `Bearer ${user2}`)
      .send({ reason: '样品未备好' })
      .expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    const detail = await request(gw.server).get(`/api/v1/bookings/${created.body.id}`).set('Authorization', `Bearer ${user2}`).expect(200);
    expect(detail.body.audit.map((a: { to: string }) => a.to)).toEqual(['confirmed', 'cancelled']);
    const again = await request(gw.server).post(`/api/v1/bookings/${created.body.id}/cancel`).set('Authorization', `Bearer ${user2}`).send({}).expect(200);
    expect(again.body).toMatchObject({ status: 'cancelled', reason: '样品未备好' });
    const after = await request(gw.server).get(`/api/v1/bookings/${created.body.id}`).set('Authorization', `Bearer ${user2}`).expect(200);
    expect(after.body.audit).toHaveLength(2);
    expect(after.body).not.toHaveProperty('requestHash');
    // Someone else's booking does not exist for them.
    await request(gw.server).get(`/api/v1/bookings/${created.body.id}`).set('Authorization', `Bearer ${user1}`).expect(404);
    // The owning unit's admin sees the bookings of its instruments.
    const list = await request(gw.server).get('/api/v1/bookings').set('Authorization', `Bearer ${admin1}`).expect(200);
    expect(list.body.items.map((b: { id: string }) => b.id)).toContain(created.body.id);
  });

  it('rejects bad windows with the field named', async () => {
    const bad = await book(user1, 'bad-window-1', { ...body('SEM-1', 9), end: at(9, 8) }).expect(400);
    expect(bad.body.violations[0].field).toBe('end');
    await book(user1, 'bad-window-2', { ...body('SEM-1', 9), start: '2026-12-09 09:00' }).expect(400);
    await book(user1, 'bad-window-3', { ...body('SEM-1', 9), colour: 'red' }).expect(400);
  });

  it("never hands a withdrawn instrument's bookings to another unit that registers the same inventory number", async () => {
    const owner = await request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${admin1}`)
      .send(sem({ localId: 'HANDOVER-1', requiresOwnerApproval: true }))
      .expect(201);
    const pending = await book(user1, 'handover-key-0001', { ...body('HANDOVER-1', 12), instrumentId: owner.body.id }).expect(201);
    expect(pending.body.status).toBe('pending_owner');
    await request(gw.server).delete(`/api/v1/instruments/${owner.body.id}`).set('Authorization', `Bearer ${admin1}`).expect(204);
    const otherAdmin = await gw.token('unit_admin', 'jx-u002', 'handover-admin');
    const taken = await request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${otherAdmin}`)
      .send(sem({ localId: 'HANDOVER-1', unitId: 'jx-u002', requiresOwnerApproval: true }))
      .expect(201);
    expect(taken.body).toMatchObject({ id: localInstrumentId('jx-u002', 'HANDOVER-1'), version: 1 });
    const theirs = await request(gw.server).get('/api/v1/bookings').set('Authorization', `Bearer ${otherAdmin}`).expect(200);
    expect(theirs.body.items.map((b: { id: string }) => b.id)).not.toContain(pending.body.id);
    await request(gw.server).get(`/api/v1/bookings/${pending.body.id}`).set('Authorization', `Bearer ${otherAdmin}`).expect(404);
    await request(gw.server).post(`/api/v1/bookings/${pending.body.id}/approve`).set('Authorization', `Bearer ${otherAdmin}`).send({}).expect(404);
    // Still its requester's to read: the withdrawal rejected it, and said why.
    const mine = await request(gw.server).get(`/api/v1/bookings/${pending.body.id}`).set('Authorization', `Bearer ${user1}`).expect(200);
    expect(mine.body).toMatchObject({ id: pending.body.id, instrumentId: owner.body.id, status: 'rejected' });
    expect(mine.body.reason).toMatch(/withdrawn/);
  });

  it("leaves an owner-approved instrument's booking to its unit admin: approve confirms, reject needs a reason", async () => {
    const first = await book(user1, 'owner-key-0001', body('OWNER-1', 10)).expect(201);
    expect(first.body.status).toBe('pending_owner');
    const second = await book(user2, 'owner-key-0002', body('OWNER-1', 10)).expect(201);
    const pending = await request(gw.server).get('/api/v1/bookings').query({ status: 'pending_owner' }).set('Authorization', `Bearer ${admin1}`).expect(200);
    expect(pending.body.items.map((b: { id: string }) => b.id).sort()).toEqual([first.body.id, second.body.id].sort());
    // Another unit's admin, or the requester, cannot decide: for them the booking does not exist.
    const otherAdmin = await gw.token('unit_admin', 'jx-u002', 'other-admin');
    await request(gw.server).post(`/api/v1/bookings/${first.body.id}/approve`).set('Authorization', `Bearer ${otherAdmin}`).send({}).expect(404);
    await request(gw.server).post(`/api/v1/bookings/${first.body.id}/approve`).set('Authorization', `Bearer ${user1}`).send({}).expect(403);
    const approved = await request(gw.server)
      .post(`/api/v1/bookings/${first.body.id}/approve`)
      .set('Authorization', `Bearer ${admin1}`)
      .send({ reason: '已确认样品安全' })
      .expect(200);
    expect(approved.body.status).toBe('confirmed');
    // The same window cannot be confirmed twice: 409 with the window that holds it.
    const clash = await request(gw.server).post(`/api/v1/bookings/${second.body.id}/approve`).set('Authorization', `Bearer ${admin1}`).send({}).expect(409);
    expect(new Date(clash.body.conflict.start).toISOString()).toBe(new Date(at(10, 9)).toISOString());
    const noReason = await request(gw.server).post(`/api/v1/bookings/${second.body.id}/reject`).set('Authorization', `Bearer ${admin1}`).send({}).expect(400);
    expect(noReason.body.violations[0].field).toBe('reason');
    const rejected = await request(gw.server)
      .post(`/api/v1/bookings/${second.body.id}/reject`)
      .set('Authorization', `Bearer ${admin1}`)
      .send({ reason: '时段已占用' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'rejected by the owning unit: 时段已占用' });
    await request(gw.server).post(`/api/v1/bookings/${second.body.id}/approve`).set('Authorization', `Bearer ${admin1}`).send({}).expect(409);
    const detail = await request(gw.server).get(`/api/v1/bookings/${first.body.id}`).set('Authorization', `Bearer ${user1}`).expect(200);
    expect(detail.body.audit.map((a: { to: string; actor: string }) => [a.to, a.actor])).toEqual([
      ['pending_owner', 'alice'],
      ['confirmed', 'owner-admin'],
    ]);
    // The owner's own unit is not asked.
    expect((await book(admin1, 'owner-key-0003', body('OWNER-1', 11)).expect(201)).body.status).toBe('confirmed');
  });

  it('shows the fee estimate: external price for another unit, internal for the owner (Art. 13, 19)', async () => {
    const other = await book(user1, 'fee-key-0001', body('SEM-1', 12, 9, 12)).expect(201);
    expect(other.body.feeEstimate).toMatchObject({ tariff: 'external', unit: 'hour', quantity: 3, unitPriceCny: 500, totalCny: 1500 });
    const own = await book(admin1, 'fee-key-0002', body('SEM-1', 13, 9, 12)).expect(201);
    expect(own.body.feeEstimate).toMatchObject({ tariff: 'internal', unitPriceCny: 300, totalCny: 900 });
    expect(own.body.feeEstimate.reasons[0]).toMatchObject({ article: 19, messageEn: expect.stringContaining('3 hour(s) × 300 CNY = 900 CNY') });
  });

  it('refuses identity data in the purpose or sample description (Art. 17)', async () => {
    const res = await book(user1, 'privacy-key-1', { ...body('SEM-1', 14), sampleDescription: '送样人身份证 33040219900101123X' }).expect(400);
    expect(res.body.violations).toEqual([{ field: 'sampleDescription', message: expect.stringContaining('identity-card number') }]);
  });

  it('answers 409 while a request with the same key is still in flight (another replica holds it)', async () => {
    // PGlite is one session, where the lock is re-entrant; embedded runs one process anyway.
    if (mode !== 'postgres') return expect(mode).toBe('embedded');
    const database = gw.app.get<Database>(DATABASE);
    const holder = await database.pool.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 17))', [JSON.stringify(['bob', 'inflight-key-1'])]);
      const res = await book(user2, 'inflight-key-1', body('SEM-1', 15)).expect(409);
      expect(res.body.detail).toMatch(/in flight/);
      await holder.query('SELECT pg_advisory_unlock_all()');
      // Once the first request is over, the key works as usual.
      expect((await book(user2, 'inflight-key-1', body('SEM-1', 15)).expect(201)).body.status).toBe('confirmed');
    } finally {
      holder.release();
    }
  });
});
