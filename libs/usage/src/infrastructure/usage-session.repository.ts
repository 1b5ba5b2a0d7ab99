import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDb, USAGE_FEED_LOCK, sql, type Db, type Transaction } from '@app/persistence';
import type { Region } from '@app/common';
import type { UsageSession, UsageSessionInput } from '../domain/usage-session';
import { sameSession } from '../domain/usage-session';
import { markDirty } from './dirty-days';

interface SessionRow {
  id: string;
  source: string;
  source_key: string;
  version: string;
  instrument_id: string;
  owner_region: string;
  owner_unit_id: string | null;
  category_code: string;
  requester_kind: 'unit' | 'person';
  requester_unit_id: string | null;
  requester_region: string | null;
  external: boolean;
  outcome: 'completed' | 'no_show';
  start: Date | null;
  end: Date | null;
  fee_charged_fen: string | null;
  samples: number | null;
  booking_id: string | null;
  booking_channel: string | null;
  recorded_by: string;
  recorded_at: Date;
  feed_seq: string;
}

const COLUMNS = sql`id, source, source_key, version, instrument_id, owner_region, owner_unit_id, category_code, requester_kind,
  requester_unit_id, requester_region, external, outcome, lower(period) AS start, upper(period) AS "end", fee_charged_fen,
  samples, booking_id, booking_channel, recorded_by, recorded_at, feed_seq`;

function toSession(r: SessionRow): UsageSession {
  const region = (r.requester_region ?? undefined) as Region | undefined;
  return {
    id: r.id,
    source: r.source as UsageSession['source'],
    sourceKey: r.source_key,
    version: Number(r.version),
    instrumentId: r.instrument_id,
    ownerRegion: r.owner_region as Region,
    ownerUnitId: r.owner_unit_id ?? undefined,
    categoryCode: r.category_code,
    requester: r.requester_kind === 'unit' ? { kind: 'unit', unitId: r.requester_unit_id ?? undefined, region } : { kind: 'person', region },
    external: r.external,
    outcome: r.outcome,
    start: r.start ?? undefined,
    end: r.end ?? undefined,
    feeChargedFen: r.fee_charged_fen === null ? undefined : Number(r.fee_charged_fen),
    samples: r.samples ?? undefined,
    bookingId: r.booking_id ?? undefined,
    bookingChannel: r.booking_channel ?? undefined,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at.toISOString(),
    feedSeq: r.feed_seq,
  };
}

export type RecordOutcome =
  | { kind: 'created' | 'corrected' | 'unchanged'; session: UsageSession }
  | { kind: 'conflict'; session: UsageSession }
  /** The booking already has a session under another (source, key): a booking is used once. */
  | { kind: 'booking_taken' };

/** The only SQL on `usage_sessions`. */
@Injectable()
export class UsageSessionRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /**
   * Stores a session once per (source, source key). The same report again
   * changes nothing; a higher version replaces it (a feed's correction); a
   * different report without a higher version is a conflict and keeps the
   * stored one. A booking already used by a session under another (source,
   * key) is `booking_taken`, found under the same lock as the write, so a
   * second report of one booking never reaches the unique index. Every day the
   * old and new session touch is marked for rollup in the same transaction.
   */
  async record(input: UsageSessionInput, day: string): Promise<RecordOutcome> {
    return this.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${USAGE_FEED_LOCK})`.execute(trx);
      const { rows: found } = await sql<SessionRow>`
        SELECT ${COLUMNS} FROM usage_sessions WHERE source = ${input.source} AND source_key = ${input.sourceKey} FOR UPDATE`.execute(trx);
      const existing = found[0] && toSession(found[0]);
      const version = input.version ?? 1;
      if (input.bookingId !== undefined && !(existing && sameSession(input, existing))) {
        const { rows: taken } = await sql<{ id: string }>`
          SELECT id FROM usage_sessions WHERE booking_id = ${input.bookingId} AND NOT (source = ${input.source} AND source_key = ${input.sourceKey})`.execute(
          trx,
        );
        if (taken.length > 0) return { kind: 'booking_taken' };
      }
      if (existing) {
        if (sameSession(input, existing) || version < existing.version) return { kind: 'unchanged', session: existing };
        if (version === existing.version) return { kind: 'conflict', session: existing };
        await markDirty(
          trx,
          existing.instrumentId,
          existing.start && existing.end ? { start: existing.start, end: existing.end } : undefined,
          await this.dayOf(trx, existing.id),
        );
      }
      const values = this.values(input, version, day);
      const { rows } = existing
        ? await sql<SessionRow>`
            UPDATE usage_sessions SET (version, instrument_id, owner_region, owner_unit_id, category_code, requester_kind, requester_unit_id,
              requester_region, external, outcome, period, day, fee_charged_fen, samples, booking_id, booking_channel, recorded_by, recorded_at, feed_seq)
              = (${values.version}, ${values.instrumentId}, ${values.ownerRegion}, ${values.ownerUnitId}, ${values.categoryCode}, ${values.requesterKind},
                 ${values.requesterUnitId}, ${values.requesterRegion}, ${values.external}, ${values.outcome}, ${values.period}::tstzrange, ${day}::date,
                 ${values.fee}, ${values.samples}, ${values.bookingId}, ${values.bookingChannel}, ${values.recordedBy}, now(), nextval('usage_feed_seq'))
            WHERE id = ${existing.id} RETURNING ${COLUMNS}`.execute(trx)
        : await sql<SessionRow>`
            INSERT INTO usage_sessions (id, source, source_key, version, instrument_id, owner_region, owner_unit_id, category_code, requester_kind,
              requester_unit_id, requester_region, external, outcome, period, day, fee_charged_fen, samples, booking_id, booking_channel, recorded_by)
            VALUES (${randomUUID()}, ${input.source}, ${input.sourceKey}, ${values.version}, ${values.instrumentId}, ${values.ownerRegion},
              ${values.ownerUnitId}, ${values.categoryCode}, ${values.requesterKind}, ${values.requesterUnitId}, ${values.requesterRegion},
              ${values.external}, ${values.outcome}, ${values.period}::tstzrange, ${day}::date, ${values.fee}, ${values.samples}, ${values.bookingId},
              ${values.bookingChannel}, ${values.recordedBy})
            RETURNING ${COLUMNS}`.execute(trx);
      await markDirty(trx, input.instrumentId, input.start && input.end ? { start: input.start, end: input.end } : undefined, day);
      return { kind: existing ? 'corrected' : 'created', session: toSession(rows[0]) };
    });
  }

  /**
   * Stores many validated sessions in one statement (seeding a year of
   * history): a (source, source key) already stored is left as it is, so a
   * replay adds nothing. The days of the new rows are marked for rollup in
   * the same statement; feed positions are taken under the feed lock as in
   * `record`. Returns how many rows were new.
   */
  async insertMany(inputs: readonly { input: UsageSessionInput; day: string }[]): Promise<number> {
    if (inputs.length === 0) return 0;
    const v = inputs.map(({ input, day }) => ({ ...this.values(input, input.version ?? 1, day), source: input.source, sourceKey: input.sourceKey, day }));
    return this.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${USAGE_FEED_LOCK})`.execute(trx);
      const { rows } = await sql<{ n: number }>`
        WITH input AS (
          SELECT * FROM unnest(${v.map((r) => r.source)}::text[], ${v.map((r) => r.sourceKey)}::text[], ${v.map((r) => String(r.version))}::bigint[],
            ${v.map((r) => r.instrumentId)}::text[], ${v.map((r) => r.ownerRegion)}::text[], ${v.map((r) => r.ownerUnitId)}::text[],
            ${v.map((r) => r.categoryCode)}::text[], ${v.map((r) => r.requesterKind)}::text[], ${v.map((r) => r.requesterUnitId)}::text[],
            ${v.map((r) => r.requesterRegion)}::text[], ${v.map((r) => r.external)}::boolean[], ${v.map((r) => r.outcome)}::text[],
            ${v.map((r) => r.period)}::tstzrange[], ${v.map((r) => r.day)}::date[], ${v.map((r) => (r.fee === null ? null : String(r.fee)))}::bigint[],
            ${v.map((r) => r.samples)}::integer[], ${v.map((r) => r.bookingId)}::uuid[], ${v.map((r) => r.bookingChannel)}::text[],
            ${v.map((r) => r.recordedBy)}::text[])
            AS t(source, source_key, version, instrument_id, owner_region, owner_unit_id, category_code, requester_kind, requester_unit_id,
                 requester_region, external, outcome, period, day, fee_charged_fen, samples, booking_id, booking_channel, recorded_by)
        ), ins AS (
          INSERT INTO usage_sessions (id, source, source_key, version, instrument_id, owner_region, owner_unit_id, category_code, requester_kind,
            requester_unit_id, requester_region, external, outcome, period, day, fee_charged_fen, samples, booking_id, booking_channel, recorded_by)
          SELECT gen_random_uuid(), * FROM input
          ON CONFLICT (source, source_key) DO NOTHING
          RETURNING instrument_id, period, day
        ), dirty AS (
          INSERT INTO usage_dirty_days (instrument_id, day)
          SELECT DISTINCT instrument_id, d FROM (
            SELECT instrument_id, day AS d FROM ins
            UNION ALL SELECT ins.instrument_id, d FROM ins, usage_china_days(ins.period) AS d WHERE ins.period IS NOT NULL
          ) x
          ON CONFLICT (instrument_id, day) DO UPDATE SET marked_at = now()
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM ins`.execute(trx);
      return rows[0].n;
    });
  }

  async bySource(source: string, sourceKey: string): Promise<UsageSession | undefined> {
    const { rows } = await sql<SessionRow>`SELECT ${COLUMNS} FROM usage_sessions WHERE source = ${source} AND source_key = ${sourceKey}`.execute(this.db);
    return rows[0] && toSession(rows[0]);
  }

  async byBooking(bookingId: string): Promise<UsageSession | undefined> {
    const { rows } = await sql<SessionRow>`SELECT ${COLUMNS} FROM usage_sessions WHERE booking_id = ${bookingId}`.execute(this.db);
    return rows[0] && toSession(rows[0]);
  }

  /** The usage feed of one booking channel (`partner:<id>`): its bookings' sessions after a position, in feed order. */
  async feed(bookingChannel: string, afterSeq: string, limit: number): Promise<UsageSession[]> {
    const { rows } = await sql<SessionRow>`
      SELECT ${COLUMNS} FROM usage_sessions
      WHERE booking_channel = ${bookingChannel} AND feed_seq > ${afterSeq}::bigint
      ORDER BY feed_seq LIMIT ${limit}`.execute(this.db);
    return rows.map(toSession);
  }

  private async dayOf(trx: Transaction<any>, id: string): Promise<string> {
    const { rows } = await sql<{ day: string }>`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM usage_sessions WHERE id = ${id}`.execute(trx);
    return rows[0].day;
  }

  private values(input: UsageSessionInput, version: number, _day: string) {
    return {
      version,
      instrumentId: input.instrumentId,
      ownerRegion: input.ownerRegion,
      ownerUnitId: input.ownerUnitId ?? null,
      categoryCode: input.categoryCode,
      requesterKind: input.requester.kind,
      requesterUnitId: input.requester.kind === 'unit' ? (input.requester.unitId ?? null) : null,
      requesterRegion: input.requester.region ?? null,
      external: input.external,
      outcome: input.outcome,
      period: input.start && input.end ? `[${input.start.toISOString()},${input.end.toISOString()})` : null,
      fee: input.feeChargedFen ?? null,
      samples: input.samples ?? null,
      bookingId: input.bookingId ?? null,
      bookingChannel: input.bookingChannel ?? null,
      recordedBy: input.recordedBy,
    };
  }
}
