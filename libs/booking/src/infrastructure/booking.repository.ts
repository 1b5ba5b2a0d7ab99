import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DATABASE, Database, InjectDb, sql, type Db } from '@app/persistence';
import type { FeeEstimate } from '@app/policy';
import { actorOf, channelOf, idempotencySlot, rulesUnitOf, type Booking, type BookingStatus, type Requester, type TimeWindow } from '../domain/booking';
import type { BookingRequest } from '../domain/booking-request';
import type { SeedBookingInput } from '../domain/seeded-booking';

interface Row {
  id: string;
  instrument_id: string;
  requester_kind: 'user' | 'partner';
  requester_sub: string | null;
  requester_unit_id: string | null;
  requester_partner: string | null;
  requester_pseudonym: string | null;
  requester_claimed_unit_id: string | null;
  requester_claimed_region: string | null;
  status: string;
  lower: Date;
  upper: Date;
  purpose: string;
  sample_description: string | null;
  channel: string;
  reason: string | null;
  request_hash: string | null;
  owner_platform: string;
  forward_deadline: Date | null;
  remote_booking_id: string | null;
  forward_attempts: number;
  cancel_pending: boolean;
  fee_estimate: FeeEstimate | null;
  created_at: Date;
  updated_at: Date;
}

export interface BookingFactsRow {
  id: string;
  instrument_id: string;
  requester_kind: 'user' | 'partner';
  requester_unit_id: string | null;
  channel: string;
  owner_platform: string;
  status: string;
  idempotency_key: string;
  start: Date;
  end: Date;
}

/** What forwarding needs beyond the booking itself. */
export interface StoredBooking extends Booking {
  requestHash?: string;
  forwardAttempts: number;
  cancelPending: boolean;
}

function toRequester(r: Row): Requester {
  if (r.requester_kind === 'partner') {
    return {
      kind: 'partner',
      partnerId: r.requester_partner!,
      pseudonym: r.requester_pseudonym!,
      ...(r.requester_claimed_unit_id ? { claimedUnitId: r.requester_claimed_unit_id } : {}),
      ...(r.requester_claimed_region ? { claimedRegion: r.requester_claimed_region } : {}),
    };
  }
  return { kind: 'user', sub: r.requester_sub!, ...(r.requester_unit_id ? { unitId: r.requester_unit_id } : {}) };
}

function toBooking(r: Row): StoredBooking {
  return {
    id: r.id,
    ownerPlatform: r.owner_platform,
    instrumentId: r.instrument_id,
    requester: toRequester(r),
    ...(r.requester_unit_id ? { requesterUnitId: r.requester_unit_id } : {}),
    status: r.status as BookingStatus,
    window: { start: r.lower, end: r.upper },
    purpose: r.purpose,
    sampleDescription: r.sample_description ?? undefined,
    channel: r.channel,
    reason: r.reason ?? undefined,
    requestHash: r.request_hash ?? undefined,
    ...(r.fee_estimate ? { feeEstimate: r.fee_estimate } : {}),
    ...(r.remote_booking_id ? { remoteBookingId: r.remote_booking_id } : {}),
    ...(r.forward_deadline ? { forwardDeadline: r.forward_deadline.toISOString() } : {}),
    forwardAttempts: r.forward_attempts,
    cancelPending: r.cancel_pending,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * A booking `book_slot` just created, read back as `toBooking` reads it: the row the call stored is
 * the values it was given plus the database's stamps and fee estimate (nothing changes a new row on
 * its way in: no trigger on `bookings`), so the answer is built from those through the same mapping.
 */
function createdBooking(n: NewBooking, id: string, r: OutcomeRow): StoredBooking {
  const { request, requester } = n;
  const user = requester.kind === 'user' ? requester : undefined;
  const partner = requester.kind === 'partner' ? requester : undefined;
  return toBooking({
    id,
    instrument_id: request.instrumentId,
    requester_kind: requester.kind,
    requester_sub: user?.sub ?? null,
    requester_unit_id: rulesUnitOf(requester) ?? null,
    requester_partner: partner?.partnerId ?? null,
    requester_pseudonym: partner?.pseudonym ?? null,
    requester_claimed_unit_id: partner?.claimedUnitId ?? null,
    requester_claimed_region: partner?.claimedRegion ?? null,
    status: n.status,
    lower: new Date(request.window.start.getTime()),
    upper: new Date(request.window.end.getTime()),
    purpose: request.purpose,
    sample_description: request.sampleDescription ?? null,
    channel: channelOf(requester),
    reason: n.reason,
    request_hash: n.requestHash,
    owner_platform: n.ownerPlatform,
    forward_deadline: n.forwardDeadline ?? null,
    remote_booking_id: null,
    forward_attempts: 0,
    cancel_pending: false,
    fee_estimate: r.fee_estimate,
    created_at: r.created_at!,
    updated_at: r.updated_at!,
  });
}

const COLUMNS = sql`id, instrument_id, requester_kind, requester_sub, requester_unit_id, requester_partner, requester_pseudonym,
  requester_claimed_unit_id, requester_claimed_region, status, lower(period) AS lower, upper(period) AS upper,
  purpose, sample_description, channel, reason, request_hash, owner_platform, forward_deadline, remote_booking_id, forward_attempts,
  cancel_pending, fee_estimate, created_at, updated_at`;
const SELECT = sql`SELECT ${COLUMNS} FROM bookings`;

export type InsertOutcome =
  | { kind: 'created'; booking: StoredBooking }
  /** The key already made this booking. */
  | { kind: 'existing'; booking: StoredBooking }
  | { kind: 'overlap'; conflict?: TimeWindow }
  /** The requester (or its partner's users) holds as many open bookings of the instrument as the limits allow. */
  | { kind: 'quota'; held: { byRequester: number; byPartner: number } }
  /** The instrument is no longer the one the decision was made on. */
  | { kind: 'stale' }
  | { kind: 'duplicate_key' }
  | { kind: 'in_flight' };

/** What `insert` asks of `book_slot`'s answer: what the database decided, not what the gateway sent. */
interface OutcomeRow {
  outcome: 'created' | 'existing' | 'overlap' | 'quota' | 'stale' | 'in_flight';
  held_by_requester: number | null;
  held_by_partner: number | null;
  conflict_start: Date | null;
  conflict_end: Date | null;
  /** As stored: jsonb orders an object's keys its own way, and the answer shows them in that order. */
  fee_estimate: FeeEstimate | null;
  created_at: Date | null;
  updated_at: Date | null;
}

export interface NewBooking {
  request: BookingRequest;
  requester: Requester;
  status: BookingStatus;
  reason: string;
  key: string;
  requestHash: string;
  ownerPlatform: string;
  forwardDeadline?: Date;
  feeEstimate?: FeeEstimate;
  /** The instrument as the decision saw it: refused as `stale` if the stored row moved on. */
  instrument?: { version: number; contentHash: string; shareable: boolean };
  /** Open bookings the requester (and its partner's users) may hold; absent, not counted. */
  held?: { maxByRequester: number; maxByPartner?: number };
  /** Bookings whose window ends after this still count as held. */
  now: Date;
}

/** A seeded booking as stored: its id, and the audit texts of its steps. */
export interface SeededRow extends SeedBookingInput {
  id: string;
  confirmedBy: string;
  confirmedReason: string;
  closedReason?: string;
}

/** A customs officer's decision as kept (Art. 12): who, which document, why. */
export interface CustomsDecisionRecord {
  approved: boolean;
  officer: string;
  reference: string;
  reason?: string;
  /** The audit text of the decision. */
  text: string;
}

/** What an officer sees of a booking before customs (the instrument's side comes from the catalog). */
export interface CustomsRow {
  id: string;
  instrument_id: string;
  requester_unit_id: string | null;
  requester_partner: string | null;
  requester_claimed_unit_id: string | null;
  lower: Date;
  upper: Date;
  purpose: string;
  created_at: Date;
}

const CUSTOMS_COLUMNS = sql`b.id, b.instrument_id, b.requester_unit_id,
  b.requester_partner, b.requester_claimed_unit_id, lower(b.period) AS lower, upper(b.period) AS upper, b.purpose, b.created_at`;

/**
 * Its parameters, in order, as `insert` passes them. Only the columns the gateway does not already
 * know: a created booking is the request as sent plus these (`createdBooking`); a stored one under the
 * key is read whole by `byKey`. pg describes and parses every column asked for on every call, named
 * statement or not.
 */
const BOOK_SLOT = `SELECT outcome, held_by_requester, held_by_partner, conflict_start, conflict_end, fee_estimate, created_at, updated_at FROM book_slot($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::timestamptz, $12::timestamptz, $13, $14,
  $15, $16, $17, $18, $19, $20::timestamptz, $21::jsonb, $22, $23, $24::bigint, $25, $26::boolean, $27::int, $28::int, $29::timestamptz)`;

/** Serialises the writes that can confirm a window of one instrument (released at commit). */
async function lockInstrument(trx: Db, instrumentId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${instrumentId}, 23))`.execute(trx);
}

/** The only booking SQL. The exclusion constraint, not this code, guarantees no overlap. */
@Injectable()
export class BookingRepository {
  /**
   * `book_slot`'s call as a fixed text rather than built per booking: on a server, a named
   * statement, parsed and planned once per connection, then only bound and run. PGlite is one
   * session shared by every connection, so there a second connection's Parse of the same name
   * would fail (42P05): it gets the same text unnamed.
   */
  private readonly bookSlot: { name?: string; text: string };

  constructor(
    @InjectDb() private readonly db: Db,
    @Inject(DATABASE) private readonly database: Database,
  ) {
    // Named after the shape of its result: a connection that prepared another shape never reuses it.
    this.bookSlot = database.mode === 'server' ? { name: 'book_slot_0035_decided', text: BOOK_SLOT } : { text: BOOK_SLOT };
  }

  async byId(id: string): Promise<StoredBooking | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const { rows } = await sql<Row>`${SELECT} WHERE id = ${id}::uuid`.execute(this.db);
    return rows[0] && toBooking(rows[0]);
  }

  /**
   * What the usage feeds need of some bookings (BookingFactsUseCase): one
   * read for a page of sessions, only the columns that decide who used what.
   */
  async facts(ids: readonly string[]): Promise<BookingFactsRow[]> {
    const valid = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (valid.length === 0) return [];
    const { rows } = await sql<BookingFactsRow>`
      SELECT id, instrument_id, requester_kind, requester_unit_id, channel, owner_platform, status, idempotency_key,
        lower(period) AS start, upper(period) AS "end"
      FROM bookings WHERE id = ANY(${valid}::uuid[])`.execute(this.db);
    return rows;
  }

  /**
   * The booking an idempotency key already made: a user's keys are their own (HTTP);
   * a partner's keys are the partner's, whichever of its users they were for.
   */
  async byKey(requester: Requester, key: string) {
    const owner =
      requester.kind === 'user'
        ? sql`requester_kind = 'user' AND requester_sub = ${requester.sub}`
        : sql`requester_kind = 'partner' AND requester_partner = ${requester.partnerId}`;
    const { rows } = await sql<Row>`${SELECT} WHERE ${owner} AND idempotency_key = ${key}`.execute(this.db);
    return rows[0] && toBooking(rows[0]);
  }

  /** The bookings of one of our users, or of one unit's instruments (their ids, live or withdrawn, from the catalog). */
  async list(filter: { userSub?: string; instrumentIds?: string[]; status?: BookingStatus; limit: number }): Promise<StoredBooking[]> {
    const status = filter.status ? sql`AND status = ${filter.status}` : sql``;
    const { rows } = filter.instrumentIds
      ? await sql<Row>`${SELECT} WHERE instrument_id = ANY(${filter.instrumentIds}::text[]) ${status} ORDER BY created_at DESC LIMIT ${filter.limit}`.execute(
          this.db,
        )
      : await sql<Row>`${SELECT} WHERE requester_kind = 'user' AND requester_sub = ${filter.userSub!} ${status} ORDER BY created_at DESC LIMIT ${filter.limit}`.execute(
          this.db,
        );
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

  /**
   * A new booking and its first audit row, in one call of `book_slot`
   * (migration 0026): the idempotency key's lock and stored booking, the
   * instrument's stamp, the quota count and the overlap are checked under the
   * instrument's lock, in that order, and the first that stops it is the
   * outcome. A stored booking under the key comes back as `existing`.
   */
  async insert(n: NewBooking): Promise<InsertOutcome> {
    const { request, requester, status, reason } = n;
    const user = requester.kind === 'user' ? requester : undefined;
    const partner = requester.kind === 'partner' ? requester : undefined;
    const id = randomUUID();
    let row: OutcomeRow;
    try {
      ({
        rows: [row],
      } = await this.database.pool.query<OutcomeRow>({
        ...this.bookSlot,
        values: [
          id,
          request.instrumentId,
          requester.kind,
          user?.sub ?? null,
          rulesUnitOf(requester) ?? null,
          partner?.partnerId ?? null,
          partner?.pseudonym ?? null,
          partner?.claimedUnitId ?? null,
          partner?.claimedRegion ?? null,
          status,
          request.window.start.toISOString(),
          request.window.end.toISOString(),
          request.purpose,
          request.sampleDescription ?? null,
          n.key,
          n.requestHash,
          channelOf(requester),
          reason,
          n.ownerPlatform,
          n.forwardDeadline?.toISOString() ?? null,
          n.feeEstimate ? JSON.stringify(n.feeEstimate) : null,
          actorOf(requester),
          idempotencySlot(requester, n.key),
          n.instrument?.version ?? null,
          n.instrument?.contentHash ?? null,
          n.instrument?.shareable ?? null,
          n.held?.maxByRequester ?? null,
          n.held?.maxByPartner ?? null,
          n.now.toISOString(),
        ],
      }));
    } catch (error) {
      // The check before the insert answers overlaps; the constraint still has the last word (a writer that skips the instrument's lock).
      const code = (error as { code?: string }).code;
      if (code === '23P01') {
        const [conflict] = await this.busy(request.instrumentId, request.window.start, request.window.end);
        return { kind: 'overlap', conflict };
      }
      if (code === '23505') return { kind: 'duplicate_key' };
      throw error;
    }
    switch (row.outcome) {
      case 'created':
        return { kind: 'created', booking: createdBooking(n, id, row) };
      case 'existing': {
        // A replay is rare; the stored booking is read whole then rather than carried by every call.
        const booking = await this.byKey(requester, n.key);
        return booking ? { kind: 'existing', booking } : { kind: 'in_flight' };
      }
      case 'overlap':
        return { kind: 'overlap', conflict: { start: row.conflict_start!, end: row.conflict_end! } };
      case 'quota':
        return { kind: 'quota', held: { byRequester: row.held_by_requester!, byPartner: row.held_by_partner! } };
      case 'stale':
        return { kind: 'stale' };
      case 'in_flight':
        return { kind: 'in_flight' };
    }
  }

  /**
   * Stores bookings that already happened (a seeded history) with their whole
   * audit trail, in one statement: unnest of column arrays. A booking whose id
   * is stored is left as it is, and so is a confirmed one whose window another
   * confirmed booking holds (ON CONFLICT DO NOTHING covers the exclusion
   * constraint too); only inserted bookings get their trail. Answers how many
   * were inserted.
   */
  async insertSeeded(rows: readonly SeededRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const col = <T>(f: (r: SeededRow) => T) => rows.map(f);
    const user = (r: SeededRow) => (r.requester.kind === 'user' ? r.requester : undefined);
    const partner = (r: SeededRow) => (r.requester.kind === 'partner' ? r.requester : undefined);
    const { rows: out } = await sql<{ n: number }>`
      WITH input AS (
        SELECT * FROM unnest(${col((r) => r.id)}::uuid[], ${col((r) => r.instrumentId)}::text[], ${col((r) => r.requester.kind)}::text[],
          ${col((r) => user(r)?.sub ?? null)}::text[], ${col((r) => rulesUnitOf(r.requester) ?? null)}::text[], ${col((r) => partner(r)?.partnerId ?? null)}::text[],
          ${col((r) => partner(r)?.pseudonym ?? null)}::text[], ${col((r) => partner(r)?.claimedUnitId ?? null)}::text[], ${col((r) => partner(r)?.claimedRegion ?? null)}::text[],
          ${col((r) => r.status)}::text[], ${col((r) => r.window.start.toISOString())}::timestamptz[], ${col((r) => r.window.end.toISOString())}::timestamptz[],
          ${col((r) => r.purpose)}::text[], ${col((r) => r.key)}::text[], ${col((r) => channelOf(r.requester))}::text[], ${col((r) => r.ownerPlatform)}::text[],
          ${col((r) => r.remoteBookingId ?? null)}::text[], ${col((r) => (r.feeEstimate ? JSON.stringify(r.feeEstimate) : null))}::text[],
          ${col((r) => actorOf(r.requester))}::text[], ${col((r) => r.requestedAt.toISOString())}::timestamptz[],
          ${col((r) => r.confirmedBy)}::text[], ${col((r) => r.confirmedReason)}::text[], ${col((r) => r.confirmedAt.toISOString())}::timestamptz[],
          ${col((r) => r.closedBy ?? null)}::text[], ${col((r) => r.closedReason ?? null)}::text[], ${col((r) => r.closedAt?.toISOString() ?? null)}::timestamptz[])
          WITH ORDINALITY AS t(id, instrument_id, requester_kind, requester_sub, requester_unit_id, requester_partner, requester_pseudonym,
            requester_claimed_unit_id, requester_claimed_region, status, start_at, end_at, purpose, idempotency_key, channel, owner_platform,
            remote_booking_id, fee_estimate, requested_by, requested_at, confirmed_by, confirmed_reason, confirmed_at, closed_by, closed_reason, closed_at, ord)
      ), ins AS (
        INSERT INTO bookings (id, instrument_id, requester_kind, requester_sub, requester_unit_id, requester_partner, requester_pseudonym,
          requester_claimed_unit_id, requester_claimed_region, status, period, purpose, idempotency_key, channel, reason, owner_platform,
          remote_booking_id, fee_estimate, created_at, updated_at)
        SELECT id, instrument_id, requester_kind, requester_sub, requester_unit_id, requester_partner, requester_pseudonym,
          requester_claimed_unit_id, requester_claimed_region, status, tstzrange(start_at, end_at, '[)'), purpose, idempotency_key, channel,
          coalesce(closed_reason, confirmed_reason), owner_platform, remote_booking_id, fee_estimate::jsonb, requested_at, coalesce(closed_at, confirmed_at)
        FROM input ORDER BY ord
        ON CONFLICT DO NOTHING
        RETURNING id
      ), trail AS (
        INSERT INTO booking_audit (booking_id, from_status, to_status, actor, reason, at)
        SELECT i.id, a.from_status, a.to_status, a.actor, a.reason, a.at
        FROM ins JOIN input i USING (id)
        CROSS JOIN LATERAL (VALUES
          (1, NULL, 'requested', i.requested_by, 'requested', i.requested_at),
          (2, 'requested', 'confirmed', i.confirmed_by, i.confirmed_reason, i.confirmed_at),
          (3, 'confirmed', i.status, i.closed_by, i.closed_reason, i.closed_at)) AS a(step, from_status, to_status, actor, reason, at)
        WHERE a.step < 3 OR i.closed_at IS NOT NULL
        ORDER BY i.ord, a.step
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM ins`.execute(this.db);
    return out[0].n;
  }

  /**
   * A seeded booking that was still ahead when seeded, and whose history now
   * says how it ended: closed as its unit would close it, with the audit row.
   * Only from `confirmed` (one cancelled meanwhile stays cancelled).
   */
  async closeSeeded(rows: readonly SeededRow[]): Promise<number> {
    const closed = rows.filter((r) => r.status !== 'confirmed' && r.closedAt);
    if (closed.length === 0) return 0;
    const { rows: out } = await sql<{ n: number }>`
      WITH input AS (
        SELECT * FROM unnest(${closed.map((r) => r.id)}::uuid[], ${closed.map((r) => r.status)}::text[], ${closed.map((r) => r.closedBy ?? null)}::text[],
          ${closed.map((r) => r.closedReason ?? null)}::text[], ${closed.map((r) => r.closedAt!.toISOString())}::timestamptz[])
          AS t(id, status, closed_by, closed_reason, closed_at)
      ), moved AS (
        UPDATE bookings b SET status = i.status, reason = i.closed_reason, updated_at = i.closed_at
        FROM input i WHERE b.id = i.id AND b.status = 'confirmed'
        RETURNING b.id, i.status, i.closed_by, i.closed_reason, i.closed_at
      ), trail AS (
        INSERT INTO booking_audit (booking_id, from_status, to_status, actor, reason, at)
        SELECT id, 'confirmed', status, closed_by, closed_reason, closed_at FROM moved
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM moved`.execute(this.db);
    return out[0].n;
  }

  /**
   * Moves a booking from one status to another (only from the one expected) and audits it.
   * `cancelPending`: the owning partner must still be told (cancellations of forwarded bookings).
   */
  async transition(
    id: string,
    from: BookingStatus,
    to: BookingStatus,
    actor: string,
    reason: string,
    options: { cancelPending?: boolean; remoteBookingId?: string } = {},
  ): Promise<boolean | 'overlap'> {
    try {
      return await this.move(id, from, to, actor, reason, options);
    } catch (error) {
      // Confirming a window another booking took meanwhile: the constraint says no.
      if ((error as { code?: string }).code === '23P01') return 'overlap';
      throw error;
    }
  }

  private async move(
    id: string,
    from: BookingStatus,
    to: BookingStatus,
    actor: string,
    reason: string,
    options: { cancelPending?: boolean; remoteBookingId?: string },
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      if (to === 'confirmed') {
        const { rows } = await sql<{ instrument_id: string }>`SELECT instrument_id FROM bookings WHERE id = ${id}::uuid`.execute(trx);
        if (rows[0]) await lockInstrument(trx, rows[0].instrument_id);
      }
      const r = await sql`UPDATE bookings SET status = ${to}, reason = ${reason}, updated_at = now(),
          cancel_pending = ${options.cancelPending ?? false}, remote_booking_id = coalesce(${options.remoteBookingId ?? null}, remote_booking_id)
        WHERE id = ${id}::uuid AND status = ${from}`.execute(trx);
      if (Number(r.numAffectedRows ?? 0) !== 1) return false;
      await sql`INSERT INTO booking_audit (booking_id, from_status, to_status, actor, reason) VALUES (${id}::uuid, ${from}, ${to}, ${actor}, ${reason})`.execute(
        trx,
      );
      return true;
    });
  }

  /** Bookings waiting for Jiaxing Customs, with what an officer needs to decide (Art. 12). */
  async awaitingCustoms(limit: number) {
    const { rows } = await sql<CustomsRow>`
      SELECT ${CUSTOMS_COLUMNS}
      FROM bookings b
      WHERE b.status = 'awaiting_customs' ORDER BY b.created_at LIMIT ${limit}`.execute(this.db);
    return rows;
  }

  /** Whether the booking ever waited for Jiaxing Customs: those, and only those, officers may read (Art. 12). */
  async cameBeforeCustoms(id: string): Promise<boolean> {
    const { rows } = await sql<{
      yes: boolean;
    }>`SELECT EXISTS (SELECT 1 FROM booking_audit WHERE booking_id = ${id}::uuid AND to_status = 'awaiting_customs') AS yes`.execute(this.db);
    return rows[0].yes;
  }

  /**
   * Records a customs decision and moves the booking in one transaction. The decision is kept
   * whatever happens to the window: when an approval would confirm a window another booking holds
   * by now, the booking goes to `windowTaken.status` with its reason instead (a second audit row).
   */
  async decideCustoms(
    id: string,
    decision: CustomsDecisionRecord,
    next: BookingStatus,
    windowTaken: { status: BookingStatus; actor: string; reason: string },
  ): Promise<'moved' | 'window_taken' | 'changed'> {
    return this.db.transaction().execute(async (trx) => {
      let to = next;
      if (next === 'confirmed') {
        // Every write that confirms a window of this instrument queues on this lock (taken before any
        // row lock, as they do), so the check below holds until commit.
        const { rows } = await sql<{ instrument_id: string }>`SELECT instrument_id FROM bookings WHERE id = ${id}::uuid`.execute(trx);
        if (rows[0]) await lockInstrument(trx, rows[0].instrument_id);
      }
      const current = await sql`SELECT 1 FROM bookings WHERE id = ${id}::uuid AND status = 'awaiting_customs' FOR UPDATE`.execute(trx);
      if (current.rows.length === 0) return 'changed';
      if (next === 'confirmed') {
        const taken = await sql`SELECT 1 FROM bookings o, bookings b WHERE b.id = ${id}::uuid AND o.instrument_id = b.instrument_id AND o.id <> b.id
            AND o.status = 'confirmed' AND o.owner_platform = 'local' AND o.period && b.period LIMIT 1`.execute(trx);
        if (taken.rows.length > 0) to = windowTaken.status;
      }
      await sql`INSERT INTO customs_decisions (booking_id, decision, officer, reference, reason)
        VALUES (${id}::uuid, ${decision.approved ? 'approved' : 'rejected'}, ${decision.officer}, ${decision.reference}, ${decision.reason ?? null})`.execute(
        trx,
      );
      const audit = (from: BookingStatus, toStatus: BookingStatus, actor: string, reason: string) =>
        sql`INSERT INTO booking_audit (booking_id, from_status, to_status, actor, reason) VALUES (${id}::uuid, ${from}, ${toStatus}, ${actor}, ${reason})`.execute(
          trx,
        );
      const reason = to === next ? decision.text : windowTaken.reason;
      await sql`UPDATE bookings SET status = ${to}, reason = ${reason}, updated_at = now() WHERE id = ${id}::uuid`.execute(trx);
      if (to === next) {
        await audit('awaiting_customs', next, decision.officer, decision.text);
        return 'moved';
      }
      await audit('awaiting_customs', 'awaiting_customs', decision.officer, decision.text);
      await audit('awaiting_customs', to, windowTaken.actor, windowTaken.reason);
      return 'window_taken';
    });
  }

  /** Decisions Jiaxing Customs took, newest first, with what the officer saw and the booking's status now. */
  async customsDecided(limit: number) {
    const { rows } = await sql<
      CustomsRow & { decision: 'approved' | 'rejected'; officer: string; reference: string; decision_reason: string | null; decided_at: Date; status: string }
    >`
      SELECT ${CUSTOMS_COLUMNS}, d.decision, d.officer, d.reference, d.reason AS decision_reason, d.decided_at, b.status
      FROM customs_decisions d JOIN bookings b ON b.id = d.booking_id
      ORDER BY d.decided_at DESC, d.booking_id LIMIT ${limit}`.execute(this.db);
    return rows;
  }

  /**
   * Open bookings of our own instruments among `instrumentIds` (the withdrawn ones, as the catalog
   * says): undecided ones, and confirmed ones whose window has not started (a started one may be in
   * use; its unit closes it); for the sweep, only those still ahead (`upcomingAfter`).
   */
  async openOf(
    instrumentIds: readonly string[],
    scope: { upcomingAfter?: Date },
    now: Date,
    limit: number,
  ): Promise<{ id: string; status: BookingStatus; instrumentId: string }[]> {
    if (instrumentIds.length === 0) return [];
    const upcoming = scope.upcomingAfter ? sql`AND lower(b.period) > ${scope.upcomingAfter.toISOString()}::timestamptz` : sql``;
    const { rows } = await sql<{ id: string; status: BookingStatus; instrument_id: string }>`
      SELECT b.id, b.status, b.instrument_id FROM bookings b
      WHERE b.instrument_id = ANY(${[...instrumentIds]}::text[]) ${upcoming} AND b.owner_platform = 'local'
        AND (b.status IN ('requested', 'awaiting_customs', 'pending_owner') OR (b.status = 'confirmed' AND lower(b.period) > ${now.toISOString()}::timestamptz))
      ORDER BY lower(b.period) LIMIT ${limit}`.execute(this.db);
    return rows.map((r) => ({ id: r.id, status: r.status, instrumentId: r.instrument_id }));
  }

  /** Our own instruments with open bookings still ahead (`upcomingAfter`): the sweep asks the catalog which are withdrawn. */
  async instrumentsWithOpenUpcoming(upcomingAfter: Date, now: Date): Promise<string[]> {
    const { rows } = await sql<{ instrument_id: string }>`
      SELECT DISTINCT b.instrument_id FROM bookings b
      WHERE lower(b.period) > ${upcomingAfter.toISOString()}::timestamptz AND b.owner_platform = 'local'
        AND (b.status IN ('requested', 'awaiting_customs', 'pending_owner') OR (b.status = 'confirmed' AND lower(b.period) > ${now.toISOString()}::timestamptz))`.execute(
      this.db,
    );
    return rows.map((r) => r.instrument_id);
  }

  /** Counts a forwarding call before it is made, so a crash mid-call still counts as "the partner may have seen it". */
  async startForwardAttempt(id: string): Promise<void> {
    await sql`UPDATE bookings SET forward_attempts = forward_attempts + 1 WHERE id = ${id}::uuid`.execute(this.db);
  }

  /** Keeps the latest forwarding news (an error, the partner's interim status) on a booking still forwarding. */
  async noteForwarding(id: string, reason: string, remoteBookingId?: string): Promise<void> {
    await sql`UPDATE bookings SET reason = ${reason}, remote_booking_id = coalesce(${remoteBookingId ?? null}, remote_booking_id)
      WHERE id = ${id}::uuid AND status = 'forwarding'`.execute(this.db);
  }

  /** Remembers the partner's id of a booking whatever its status (a cancellation may need it). */
  async setRemoteId(id: string, remoteBookingId: string): Promise<void> {
    await sql`UPDATE bookings SET remote_booking_id = ${remoteBookingId} WHERE id = ${id}::uuid AND remote_booking_id IS NULL`.execute(this.db);
  }

  /** The partner knows of the cancellation (or never had the booking): audited, no longer pending. */
  async cancelDelivered(id: string, actor: string, reason: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const r = await sql`UPDATE bookings SET cancel_pending = false, updated_at = now() WHERE id = ${id}::uuid AND cancel_pending`.execute(trx);
      if (Number(r.numAffectedRows ?? 0) !== 1) return;
      await sql`INSERT INTO booking_audit (booking_id, from_status, to_status, actor, reason) VALUES (${id}::uuid, 'cancelled', 'cancelled', ${actor}, ${reason})`.execute(
        trx,
      );
    });
  }

  /** Bookings PostgreSQL says are unfinished with a partner: the sweeper re-enqueues them (Redis can lose jobs). */
  async unfinishedForwards(limit: number): Promise<{ id: string; work: 'forward' | 'cancel' }[]> {
    const { rows } = await sql<{ id: string; status: string }>`
      SELECT id, status FROM bookings WHERE status = 'forwarding' OR cancel_pending ORDER BY updated_at LIMIT ${limit}`.execute(this.db);
    return rows.map((r) => ({ id: r.id, work: r.status === 'forwarding' ? 'forward' : 'cancel' }));
  }

  async audit(id: string) {
    const { rows } = await sql<{ from_status: string | null; to_status: string; actor: string; reason: string | null; at: Date }>`
      SELECT from_status, to_status, actor, reason, at FROM booking_audit WHERE booking_id = ${id}::uuid ORDER BY id`.execute(this.db);
    return rows.map((r) => ({ from: r.from_status, to: r.to_status, actor: r.actor, reason: r.reason, at: r.at.toISOString() }));
  }

  /**
   * Bookings that were confirmed (still confirmed, or since closed as completed
   * or no-show: demand that was granted) counted by who asked (our users, or each partner),
   * instrument (whose region the catalog knows) and China month of their start, over the China days
   * `from`…`to` (inclusive); the instruments in `excluded` are left out.
   * Counts only: no requester, no booking id leaves here.
   */
  async confirmedFlows(
    from: string,
    to: string,
    excluded: readonly string[],
  ): Promise<
    { requester_kind: 'user' | 'partner'; requester_partner: string | null; instrument_id: string; month: string; bookings: number; seconds: number }[]
  > {
    const { rows } = await sql<{
      requester_kind: 'user' | 'partner';
      requester_partner: string | null;
      instrument_id: string;
      month: string;
      bookings: number;
      seconds: number;
    }>`
      SELECT b.requester_kind, b.requester_partner, b.instrument_id,
        to_char((lower(b.period) AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM') AS month,
        count(*)::int AS bookings, sum(extract(epoch FROM upper(b.period) - lower(b.period)))::float8 AS seconds
      FROM bookings b
      WHERE b.status IN ('confirmed', 'completed', 'no_show')
        AND lower(b.period) >= ${new Date(`${from}T00:00:00+08:00`)} AND lower(b.period) < ${new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000)}
        AND b.instrument_id NOT IN (SELECT unnest(${excluded as string[]}::text[]))
      GROUP BY 1, 2, 3, 4`.execute(this.db);
    return rows;
  }
}
