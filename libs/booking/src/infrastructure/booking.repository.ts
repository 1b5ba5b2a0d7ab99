import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDb, sql, type Db } from '@app/persistence';
import type { Booking, BookingStatus, Requester, TimeWindow } from '../domain/booking';
import type { BookingRequest } from '../domain/booking-request';

interface Row {
  id: string;
  instrument_id: string;
  requester_sub: string;
  requester_unit_id: string | null;
  status: string;
  lower: Date;
  upper: Date;
  purpose: string;
  sample_description: string | null;
  channel: string;
  reason: string | null;
  request_hash: string | null;
  created_at: Date;
  updated_at: Date;
}

function toBooking(r: Row): Booking & { requestHash?: string } {
  return {
    id: r.id,
    instrumentId: r.instrument_id,
    requesterSub: r.requester_sub,
    requesterUnitId: r.requester_unit_id ?? undefined,
    status: r.status as BookingStatus,
    window: { start: r.lower, end: r.upper },
    purpose: r.purpose,
    sampleDescription: r.sample_description ?? undefined,
    channel: r.channel,
    reason: r.reason ?? undefined,
    requestHash: r.request_hash ?? undefined,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const SELECT = sql`SELECT id, instrument_id, requester_sub, requester_unit_id, status, lower(period) AS lower, upper(period) AS upper,
  purpose, sample_description, channel, reason, request_hash, created_at, updated_at FROM bookings`;

export type InsertOutcome = { kind: 'created'; booking: Booking } | { kind: 'overlap'; conflict?: TimeWindow } | { kind: 'duplicate_key' };

/** The only booking SQL. The exclusion constraint, not this code, guarantees no overlap. */
@Injectable()
export class BookingRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async byId(id: string): Promise<(Booking & { requestHash?: string }) | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const { rows } = await sql<Row>`${SELECT} WHERE id = ${id}::uuid`.execute(this.db);
    return rows[0] && toBooking(rows[0]);
  }

  async byKey(requesterSub: string, key: string) {
    const { rows } = await sql<Row>`${SELECT} WHERE requester_sub = ${requesterSub} AND idempotency_key = ${key}`.execute(this.db);
    return rows[0] && toBooking(rows[0]);
  }

  async list(filter: { requesterSub?: string; unitId?: string; limit: number }): Promise<Booking[]> {
    const { rows } = filter.unitId
      ? await sql<Row>`${SELECT} WHERE instrument_id IN (SELECT id FROM instruments WHERE unit_id = ${filter.unitId}) ORDER BY created_at DESC LIMIT ${filter.limit}`.execute(this.db)
      : await sql<Row>`${SELECT} WHERE requester_sub = ${filter.requesterSub!} ORDER BY created_at DESC LIMIT ${filter.limit}`.execute(this.db);
    return rows.map(toBooking);
  }

  /** Confirmed windows overlapping [from, to): whose they are is not disclosed. */
  async busy(instrumentId: string, from: Date, to: Date): Promise<TimeWindow[]> {
    const { rows } = await sql<{ lower: Date; upper: Date }>`
      SELECT lower(period) AS lower, upper(period) AS upper FROM bookings
      WHERE instrument_id = ${instrumentId} AND status = 'confirmed' AND period && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')
      ORDER BY lower(period)`.execute(this.db);
    return rows.map((r) => ({ start: r.lower, end: r.upper }));
  }

  /** Stores a new booking and its first audit row in one transaction. */
  async insert(request: BookingRequest, requester: Requester, status: BookingStatus, key: string, requestHash: string, reason: string): Promise<InsertOutcome> {
    const id = randomUUID();
    try {
      await this.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO bookings (id, instrument_id, requester_sub, requester_unit_id, status, period, purpose, sample_description, idempotency_key, request_hash, channel, reason)
          VALUES (${id}::uuid, ${request.instrumentId}, ${requester.sub}, ${requester.unitId ?? null}, ${status},
            tstzrange(${request.window.start.toISOString()}::timestamptz, ${request.window.end.toISOString()}::timestamptz, '[)'),
            ${request.purpose}, ${request.sampleDescription ?? null}, ${key}, ${requestHash}, ${requester.channel}, ${reason})`.execute(trx);
        await sql`INSERT INTO booking_audit (booking_id, from_status, to_status, actor, reason) VALUES (${id}::uuid, NULL, ${status}, ${requester.sub}, ${reason})`.execute(trx);
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '23P01') {
        const [conflict] = await this.busy(request.instrumentId, request.window.start, request.window.end);
        return { kind: 'overlap', conflict };
      }
      if (code === '23505') return { kind: 'duplicate_key' };
      throw error;
    }
    return { kind: 'created', booking: (await this.byId(id))! };
  }

  /** Moves a booking from one status to another (only from the one expected) and audits it. */
  async transition(id: string, from: BookingStatus, to: BookingStatus, actor: string, reason: string): Promise<boolean | 'overlap'> {
    try {
      return await this.move(id, from, to, actor, reason);
    } catch (error) {
      // Confirming a window another booking took meanwhile: the constraint says no.
      if ((error as { code?: string }).code === '23P01') return 'overlap';
      throw error;
    }
  }

  private async move(id: string, from: BookingStatus, to: BookingStatus, actor: string, reason: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await sql`UPDATE bookings SET status = ${to}, reason = ${reason}, updated_at = now() WHERE id = ${id}::uuid AND status = ${from}`.execute(trx);
      if (Number(r.numAffectedRows ?? 0) !== 1) return false;
      await sql`INSERT INTO booking_audit (booking_id, from_status, to_status, actor, reason) VALUES (${id}::uuid, ${from}, ${to}, ${actor}, ${reason})`.execute(trx);
      return true;
    });
  }

  /** Bookings waiting for Jiaxing Customs, with what an officer needs to decide (Art. 12). */
  async awaitingCustoms(limit: number) {
    const { rows } = await sql<{ id: string; instrument_id: string; name: string; declaration_no: string | null; supervision_ends: string | null; requester_unit_id: string | null; owner_unit_id: string; lower: Date; upper: Date; purpose: string; created_at: Date }>`
      SELECT b.id, b.instrument_id, i.name, i.duty_free->>'declarationNo' AS declaration_no, i.supervision_ends, b.requester_unit_id,
             i.unit_id AS owner_unit_id, lower(b.period) AS lower, upper(b.period) AS upper, b.purpose, b.created_at
      FROM bookings b JOIN instruments i ON i.id = b.instrument_id
      WHERE b.status = 'awaiting_customs' ORDER BY b.created_at LIMIT ${limit}`.execute(this.db);
    return rows;
  }

  async audit(id: string) {
    const { rows } = await sql<{ from_status: string | null; to_status: string; actor: string; reason: string | null; at: Date }>`
      SELECT from_status, to_status, actor, reason, at FROM booking_audit WHERE booking_id = ${id}::uuid ORDER BY id`.execute(this.db);
    return rows.map((r) => ({ from: r.from_status, to: r.to_status, actor: r.actor, reason: r.reason, at: r.at.toISOString() }));
  }
}
