import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDb, sql, type Db, type DB, type Transaction } from '@app/persistence';
import { CATALOG_CHANGES, type CatalogChanges } from '../domain/catalog-changes.port';
import type { RemoteBatch, RemoteUpsert } from '../domain/catalog-feeds';
import { INSTRUMENT_COLUMN_TYPES, instrumentColumns, toStoredInstrument, type StoredInstrumentWithListing } from './instrument.repository';

/**
 * The columns a partner's record sets: a unit's own write's, less the booking
 * limits (a partner's record carries none; ours for its instruments stay), plus
 * the partner's version.
 */
const REMOTE_COLUMNS: [string, string][] = [...Object.entries(INSTRUMENT_COLUMN_TYPES).filter(([c]) => c !== 'booking_limits'), ['version', 'bigint']];
const VERSION_COLUMN = REMOTE_COLUMNS.length - 1;
const ARRAY_COLUMN = REMOTE_COLUMNS.map(([, t]) => t === 'text[]');

/** One element of an array literal: quoted (so no value reads as NULL or splits), escaped only when it must be. */
function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = String(value);
  return `"${/["\\]/.test(text) ? text.replace(/["\\]/g, '\\$&') : text}"`;
}

/**
 * An array literal of one column's values. JSON's text of an array of strings,
 * numbers, booleans and nulls is already a valid literal (the same quoting and
 * the same \" and \\ escapes) unless it escaped a control character, which an
 * array literal would read back as a letter: those columns take the element
 * by element path. JSON.stringify is native, the other path is not.
 */
function arrayLiteral(values: unknown[]): string {
  const json = JSON.stringify(values);
  return /\\[bfnrtu]/.test(json) ? `{${values.map(arrayElement).join(',')}}` : `{${json.slice(1, -1)}}`;
}

/**
 * A batch as one array literal per column, for `unnest`: PostgreSQL reads
 * typed arrays far faster than it expands a jsonb document into records.
 * service_modes travels as a text[] literal per row, cast back after unnest:
 * an array of arrays must be rectangular.
 */
function remoteColumnLiterals(upserts: readonly RemoteUpsert[]): string[] {
  const columns = REMOTE_COLUMNS.map(() => new Array<unknown>(upserts.length));
  for (let i = 0; i < upserts.length; i++) {
    // The row is read in place (no copy with the version added): a batch is 1,000 rows of 32 columns.
    const row = instrumentColumns(upserts[i].write) as Record<string, unknown>;
    for (let k = 0; k < VERSION_COLUMN; k++) columns[k][i] = ARRAY_COLUMN[k] ? arrayLiteral(row[REMOTE_COLUMNS[k][0]] as string[]) : row[REMOTE_COLUMNS[k][0]];
    columns[VERSION_COLUMN][i] = String(upserts[i].version);
  }
  return columns.map(arrayLiteral);
}

/** One row per id per statement (ON CONFLICT cannot touch a row twice): the newest version of each. */
function newestUpserts(upserts: readonly RemoteUpsert[]): RemoteUpsert[] {
  const newest = new Map<string, RemoteUpsert>();
  for (const u of upserts) if ((newest.get(u.write.id)?.version ?? -1n) < u.version) newest.set(u.write.id, u);
  return [...newest.values()];
}

/** Each removed id once, at the newest version named (as upserts keep the newest). */
function newestRemovals(removals: RemoteBatch['removals']): Map<string, bigint> {
  const newest = new Map<string, bigint>();
  for (const r of removals) if ((newest.get(r.id) ?? -1n) < r.version) newest.set(r.id, r.version);
  return newest;
}

/** Work of the caller's own (sync bookkeeping) committed in the same transaction as the catalog's. */
export type Within<R, T = void> = (trx: Transaction<DB>, result: R) => Promise<T>;

/**
 * Partners' records in the catalog's tables (`instruments`, `units`), and the
 * reads partners' feeds need: the only SQL of federation's sync, kept here so
 * the catalog is the one owner of its tables. Each write takes a `within`
 * callback the caller uses to commit its bookkeeping (cursor, counters, error
 * list) in the same transaction: a crash leaves both or neither.
 */
@Injectable()
export class PartnerRecordRepository {
  constructor(
    @InjectDb() private readonly db: Db,
    @Optional() @Inject(CATALOG_CHANGES) private readonly changes?: CatalogChanges,
  ) {}

  /**
   * Applies one batch of a partner's changes. Upserts and removals apply only
   * when newer than what we hold (idempotent replay), and only to this
   * source's records. Upserts naming a unit of another region move to
   * `batch.invalid` before `within` runs. With `after` (the write this one
   * follows), the batch is prepared at once and written once `after` has
   * succeeded: its statements' parameters are built while the write before it
   * runs, not inside its own transaction, where PostgreSQL would wait for them.
   * If `after` fails, this batch is not written and fails with it.
   */
  async applyBatch(
    sourceId: string,
    batch: RemoteBatch,
    within: Within<{ applied: number; removed: number }>,
    after?: Promise<unknown>,
  ): Promise<{ applied: number; removed: number }> {
    const units = [...new Map(batch.upserts.map((u) => [u.unit.id, u.unit])).values()];
    // Every (unit, region) the batch claims, not just the unit kept for the upsert: a
    // foreign claim drops every upsert naming that unit, and the unit is not written.
    const claims = [...new Map(batch.upserts.map((u) => [`${u.unit.id}\u0000${u.unit.region}`, u.unit])).values()];
    let upserts = newestUpserts(batch.upserts);
    let columns = upserts.length > 0 ? remoteColumnLiterals(upserts) : [];
    const removals = newestRemovals(batch.removals);
    if (after) await after;
    const result = await this.db.transaction().execute(async (trx) => {
      // A partner names its own units only: a unit id already held for another
      // region (a Jiaxing unit, another partner's) is not theirs to rename or to
      // attach instruments to. One statement upserts the batch's units and names
      // the foreign ones (both read the units as they were before it); a unit
      // written as it already stands is left alone, not rewritten every batch.
      if (units.length > 0) {
        const foreign = await sql<{ id: string }>`
          WITH c AS (
            SELECT * FROM unnest(
              ${units.map((u) => u.id)}::text[], ${units.map((u) => u.name)}::text[], ${units.map((u) => u.nameEn ?? null)}::text[],
              ${units.map((u) => u.region)}::text[], ${units.map((u) => u.city)}::text[], ${units.map((u) => u.kind)}::text[],
              ${units.map((u) => u.sector)}::text[]
            ) AS c (id, name, name_en, region, city, kind, sector)
          ), foreign_unit AS (
            SELECT DISTINCT units.id FROM units
            JOIN unnest(${claims.map((u) => u.id)}::text[], ${claims.map((u) => u.region)}::text[]) AS claim (id, region) ON claim.id = units.id
            WHERE units.region <> claim.region
          ), written AS (
            INSERT INTO units (id, name, name_en, region, city, kind, sector) SELECT * FROM c WHERE c.id NOT IN (SELECT id FROM foreign_unit)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, city = excluded.city, kind = excluded.kind, sector = excluded.sector
            WHERE units.region = excluded.region
              AND (units.name, units.name_en, units.city, units.kind, units.sector)
                IS DISTINCT FROM (excluded.name, excluded.name_en, excluded.city, excluded.kind, excluded.sector)
          )
          SELECT id FROM foreign_unit`.execute(trx);
        if (foreign.rows.length > 0) {
          const ids = new Set(foreign.rows.map((r) => r.id));
          for (const u of batch.upserts.filter((x) => ids.has(x.unit.id))) {
            batch.invalid.push({ id: u.write.id, version: u.version, reason: `unit.id: ${u.unit.id} is a unit of another region` });
          }
          batch.upserts = batch.upserts.filter((x) => !ids.has(x.unit.id));
          // Rare (a partner misnaming a unit): the batch is prepared again without those upserts.
          upserts = newestUpserts(batch.upserts);
          columns = upserts.length > 0 ? remoteColumnLiterals(upserts) : [];
        }
      }
      let applied = 0;
      if (upserts.length > 0) {
        // One array parameter per column, expanded by unnest: as many bind
        // parameters as columns whatever the batch size (a VALUES list of ~40
        // a row hits the protocol's 65,535).
        const written = await sql<{ id: string }>`
          INSERT INTO instruments (${sql.raw(REMOTE_COLUMNS.map(([c]) => c).join(', '))})
          SELECT ${sql.raw(REMOTE_COLUMNS.map(([c, t]) => (t === 'text[]' ? `r.${c}::text[]` : `r.${c}`)).join(', '))}
          FROM unnest(${sql.join(REMOTE_COLUMNS.map(([, t], k) => sql`${columns[k]}::${sql.raw(t === 'text[]' ? 'text' : t)}[]`))})
            AS r(${sql.raw(REMOTE_COLUMNS.map(([c]) => c).join(', '))})
          ON CONFLICT (id) DO UPDATE SET ${sql.raw(
            REMOTE_COLUMNS.filter(([c]) => c !== 'id')
              .map(([c]) => `${c} = excluded.${c}`)
              .join(', '),
          )}, deleted_at = NULL
          WHERE instruments.source_platform = ${sourceId} AND instruments.version < excluded.version
          RETURNING id`.execute(trx);
        applied = written.rows.length;
      }
      let removed = 0;
      if (removals.size > 0) {
        // One statement for the batch's removals (a confidential record is one, ~3 % of a feed).
        const gone = await sql`
          UPDATE instruments AS i SET deleted_at = ${new Date()}, version = r.version, shareable = false
          FROM unnest(${[...removals.keys()]}::text[], ${[...removals.values()].map(String)}::bigint[]) AS r (id, version)
          WHERE i.id = r.id AND i.source_platform = ${sourceId} AND i.deleted_at IS NULL AND i.version <= r.version`.execute(trx);
        removed = Number(gone.numAffectedRows ?? 0n);
      }
      const outcome = { applied, removed };
      await within(trx, outcome);
      return outcome;
    });
    this.changes?.changed();
    return result;
  }

  /**
   * Removes this source's live records that are not in `seen` (after a full
   * snapshot), 500 per transaction; `within` commits the caller's count of
   * each chunk with it. They carry no tombstone version, so they are removed
   * at version 0: any later listing of them applies again.
   */
  async removeUnseen(sourceId: string, seen: ReadonlySet<string>, within: Within<number>): Promise<number> {
    const live = await this.db.selectFrom('instruments').select('id').where('source_platform', '=', sourceId).where('deleted_at', 'is', null).execute();
    const stale = live.map((r) => r.id).filter((id) => !seen.has(id));
    let removed = 0;
    for (let i = 0; i < stale.length; i += 500) {
      const chunk = stale.slice(i, i + 500);
      removed += await this.db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('instruments')
          .set({ deleted_at: new Date(), version: '0', shareable: false })
          .where('id', 'in', chunk)
          .where('source_platform', '=', sourceId)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        const n = Number(result.numUpdatedRows);
        await within(trx, n);
        return n;
      });
    }
    if (removed > 0) this.changes?.changed();
    return removed;
  }

  /** Live records held from this source. */
  async count(sourceId: string): Promise<number> {
    const row = await this.db
      .selectFrom('instruments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('source_platform', '=', sourceId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Our own instruments whose partner-visible state changed after `afterSeq`,
   * in change order. Edits of an instrument while it is hidden do not move it;
   * one never shared is never listed.
   */
  async localChangesSince(
    afterSeq: bigint,
    limit: number,
  ): Promise<{ stored: StoredInstrumentWithListing; deleted: boolean; position: bigint; announcedVersion: number }[]> {
    // Writers of local instruments serialise on the feed lock (migration 0007),
    // so sequence order is commit order and a reader can never pass a change
    // that commits later with a smaller number.
    const rows = await this.db
      .selectFrom('instruments')
      .selectAll()
      .where('source_platform', '=', 'local')
      .where('feed_seq', 'is not', null)
      .where('feed_seq', '>', String(afterSeq))
      .orderBy('feed_seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      stored: toStoredInstrument(r),
      deleted: r.deleted_at !== null,
      position: BigInt(r.feed_seq!),
      announcedVersion: Number(r.feed_version),
    }));
  }

  /** Live instruments by id (any source), in no particular order. */
  async live(ids: readonly string[]): Promise<StoredInstrumentWithListing[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('instruments')
      .selectAll()
      .where('id', 'in', [...ids])
      .where('deleted_at', 'is', null)
      .execute();
    return rows.map(toStoredInstrument);
  }

  /**
   * The province's listing dates of our own instruments (Art. 13 evidence): the
   * earliest date is kept, since Art. 13 asks when it first got there.
   */
  async recordListings<T>(listings: { id: string; listedOn: string }[], within: Within<void, T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      if (listings.length > 0) {
        await sql`
          UPDATE instruments AS i SET province_listed_on = l.listed_on
          FROM unnest(${listings.map((l) => l.id)}::text[], ${listings.map((l) => l.listedOn)}::date[]) AS l (id, listed_on)
          WHERE i.id = l.id AND i.source_platform = 'local' AND (i.province_listed_on IS NULL OR l.listed_on < i.province_listed_on)`.execute(trx);
      }
      return within(trx, undefined);
    });
  }
}
