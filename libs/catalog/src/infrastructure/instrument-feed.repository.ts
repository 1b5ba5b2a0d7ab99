import { Injectable } from '@nestjs/common';
import type { Region } from '@app/common';
import { InjectDb, parseTextArray, parseTimestamptz, sql, type Db } from '@app/persistence';
import type { EveryIndexedField, FeedPosition, FeedRow, IndexedInstrument } from '../domain/catalog-feeds';
import type { Instrument } from '../domain/instrument';
import { toStoredInstrument } from './instrument.repository';

const PAGE = 5_000;

/**
 * What the full read selects: the columns {@link IndexedInstrument} is made of, the service modes and
 * the time of the last change as their text (parsed once per distinct text below: a catalog repeats
 * them), and of the fee document only the three values the index files, each as its JSON text.
 */
const FULL_READ = sql`id, region, unit_id, name, name_en, model, manufacturer, description, category_code, city, lat, lon,
  service_modes::text AS service_modes, updated_at::text AS updated_at, shareable, customs_gated,
  (fee->'externalPriceCny')::text AS fee_external, (fee->'internalPriceCny')::text AS fee_internal, (fee->'unit')::text AS fee_unit`;

interface IndexedRow {
  id: string;
  region: string;
  unit_id: string;
  name: string;
  name_en: string | null;
  model: string | null;
  manufacturer: string | null;
  description: string | null;
  category_code: string;
  city: string;
  lat: number | null;
  lon: number | null;
  service_modes: string;
  updated_at: string;
  shareable: boolean;
  customs_gated: boolean;
  fee_external: string | null;
  fee_internal: string | null;
  fee_unit: string | null;
}

/** Distinct texts a full read remembers the parse of; past it the memo starts again. */
const PARSED_TEXTS = 10_000;

/**
 * The texts a full read gets for what pg would parse itself (a `text[]`, a `timestamptz`), each parsed
 * once by pg's own parser. With the fee narrowed to its three values, this took the full read of
 * 1,000,000 instruments from 10.2 to 6.5 s of the gateway's CPU.
 */
class ParsedTexts {
  private readonly modeLists = new Map<string, Instrument['serviceModes']>();
  private readonly times = new Map<string, string>();

  /** Shared by every row with the same text, so frozen: the index copies what it keeps, and a write would throw, not reach other rows. */
  modes(text: string): Instrument['serviceModes'] {
    let modes = this.modeLists.get(text);
    if (modes === undefined) {
      modes = Object.freeze(parseTextArray(text)) as Instrument['serviceModes'];
      if (this.modeLists.size >= PARSED_TEXTS) this.modeLists.clear();
      this.modeLists.set(text, modes);
    }
    return modes;
  }

  /** As the whole record's mapping gives it: the Date pg parses, in ISO 8601. */
  time(text: string): string {
    let iso = this.times.get(text);
    if (iso === undefined) {
      iso = parseTimestamptz(text).toISOString();
      if (this.times.size >= PARSED_TEXTS) this.times.clear();
      this.times.set(text, iso);
    }
    return iso;
  }
}

/** A value of the fee document as the whole record's mapping reads it (`fee.unit`…): absent key or no document, undefined. */
function jsonValue<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

/** As {@link toStoredInstrument} then {@link indexedInstrument} map the same columns, so a change read from the feed indexes exactly as the full read. */
function toIndexedInstrument(row: IndexedRow, parsed: ParsedTexts): EveryIndexedField {
  return {
    id: row.id,
    region: row.region as Region,
    unitId: row.unit_id,
    name: row.name,
    nameEn: row.name_en ?? undefined,
    model: row.model ?? undefined,
    manufacturer: row.manufacturer ?? undefined,
    description: row.description ?? undefined,
    categoryCode: row.category_code,
    city: row.city,
    location: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : undefined,
    serviceModes: parsed.modes(row.service_modes),
    feeExternalCny: jsonValue(row.fee_external),
    feeInternalCny: jsonValue(row.fee_internal),
    feeUnit: jsonValue(row.fee_unit),
    updatedAt: parsed.time(row.updated_at),
    shareable: row.shareable,
    customsGated: row.customs_gated,
  };
}

/**
 * What a follower of the whole catalog (the search index) reads: a full read at start and the change feed after it,
 * over every instrument (Jiaxing's and partners'). Sequence numbers are not
 * commit order for partners' writes, so each read also takes the rows whose
 * transaction was still running at the previous snapshot: nothing committed
 * later is skipped, whatever its sequence number.
 */
@Injectable()
export class InstrumentFeedRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /** Every live instrument as of one snapshot, in pages; returns the position to follow from. */
  async loadAll(onPage: (rows: IndexedInstrument[]) => void): Promise<FeedPosition> {
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const { rows: head } = await sql<{ snapshot: string; seq: string | null }>`
          SELECT pg_current_snapshot()::text AS snapshot, (SELECT max(change_seq)::text FROM instruments) AS seq`.execute(trx);
        // One statement read through a cursor, not a query per page after the last id: a page's plan
        // depends on the table's statistics, and without them (a catalog just imported, autovacuum off)
        // every page read and sorted every live row, 200 times over at 1,000,000 instruments.
        await sql`DECLARE search_full_read NO SCROLL CURSOR FOR
          SELECT ${FULL_READ} FROM instruments WHERE deleted_at IS NULL ORDER BY id`.execute(trx);
        const parsed = new ParsedTexts();
        const page = () => {
          const read = sql<IndexedRow>`FETCH ${sql.raw(String(PAGE))} FROM search_full_read`.execute(trx).then((r) => r.rows);
          // Awaited in the next turn, or never if the caller's page throws: the transaction's rollback reports that.
          read.catch(() => undefined);
          return read;
        };
        let next = page();
        for (;;) {
          const rows = await next;
          const more = rows.length === PAGE;
          if (more) {
            // Asked before this page is handed over: PostgreSQL reads and sends the next one (on the other
            // core) while the caller indexes this one, instead of each waiting for the other. Kysely sends
            // it a few promise steps later: those run before this page's synchronous work.
            next = page();
            await new Promise((resolve) => setImmediate(resolve));
          }
          if (rows.length > 0) onPage(rows.map((row) => toIndexedInstrument(row, parsed)));
          if (!more) break;
        }
        return { snapshot: head[0].snapshot, seq: head[0].seq ?? '0' };
      });
  }

  /**
   * Changes after `from`; `next` is where to continue. One statement, so one snapshot, and the
   * position moves on to it: every row whose transaction was still running at `from.snapshot` and
   * has committed since (their sequence numbers may lie below `from.seq`), then up to a page of
   * rows with later sequence numbers. Rows still running now are invisible in the new snapshot and
   * are taken by the next read. Keeping the old snapshot while pages were full re-read the same
   * first page for ever once more than a page had been written after it (a large import, a
   * follower that fell behind). One statement and no transaction: the embedded database has one
   * session, which a follower polling every 200 ms must not hold.
   */
  async changesSince(from: FeedPosition): Promise<{ rows: FeedRow[]; next: FeedPosition; more: boolean }> {
    const { rows } = await sql<Record<string, unknown> & { change_seq: string; snap: string; later: boolean }>`
      SELECT i.*, i.change_seq::text AS change_seq, pg_current_snapshot()::text AS snap, false AS later FROM instruments i
      WHERE i.change_seq <= ${from.seq}::bigint
        AND i.change_xid >= pg_snapshot_xmin(${from.snapshot}::pg_snapshot) AND NOT pg_visible_in_snapshot(i.change_xid, ${from.snapshot}::pg_snapshot)
      UNION ALL
      (SELECT i.*, i.change_seq::text AS change_seq, pg_current_snapshot()::text AS snap, true AS later FROM instruments i
       WHERE i.change_seq > ${from.seq}::bigint
       ORDER BY i.change_seq LIMIT ${PAGE})`.execute(this.db);
    const later = rows.filter((r) => r.later);
    const more = later.length === PAGE;
    const seq = later.reduce((max, r) => (BigInt(r.change_seq) > BigInt(max) ? r.change_seq : max), from.seq);
    // Nothing read: the old snapshot still says which transactions to look at again.
    const next = { seq, snapshot: rows.length > 0 ? rows[0].snap : from.snapshot };
    return { rows: rows.map((r) => ({ stored: toStoredInstrument(r as never), deleted: r.deleted_at !== null })), next, more };
  }
}
