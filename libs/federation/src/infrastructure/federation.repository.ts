import { Inject, Injectable, Optional } from '@nestjs/common';
import { CATALOG_CHANGES, instrumentColumns, type CatalogChanges, toStoredInstrument, type InstrumentWrite, type ManagementUnit, type StoredInstrument } from '@app/catalog';
import type { PartnerConfig } from '@app/config';
import { DATABASE, Database, InjectDb, sql, type Db, type Selectable, type FederationSourcesTable } from '@app/persistence';

export type SourceRow = Selectable<FederationSourcesTable>;

export interface RemoteUpsert {
  write: InstrumentWrite;
  version: bigint;
  unit: ManagementUnit;
}

export interface RemoteBatch {
  upserts: RemoteUpsert[];
  /** Tombstones, and records that now say they are confidential: both leave our catalog. */
  removals: { id: string; version: bigint }[];
  droppedConfidential: number;
  invalid: { id: string; version: bigint; reason: string }[];
  /** Resume point after this batch; committed in the same transaction as the data. */
  cursor: string;
}

export interface FeedEntry {
  stored: StoredInstrument;
  unit?: ManagementUnit;
  deleted: boolean;
}

/**
 * One instrument in partners' view of our change feed (ListChanges, the
 * province push): only instruments partners were told of, at the position of
 * the last change they may know about (migration 0017).
 */
export interface PartnerFeedEntry extends FeedEntry {
  /** Resume point just after this entry. */
  position: bigint;
  /**
   * Version of that last change: the current version while the instrument is
   * shared; once it is not, the version of the change that removed it (the
   * tombstone's), whatever hidden edits came after.
   */
  announcedVersion: number;
}

/** Columns of a remote instrument row and their types, as jsonb_to_recordset reads them. */
const REMOTE_COLUMNS: [string, string][] = [
  ['id', 'text'], ['region', 'text'], ['local_id', 'text'], ['source_platform', 'text'], ['unit_id', 'text'], ['name', 'text'],
  ['name_en', 'text'], ['model', 'text'], ['manufacturer', 'text'], ['country_of_origin', 'text'], ['description', 'text'],
  ['category_code', 'text'], ['value_cny', 'numeric'], ['funding_source', 'text'], ['city', 'text'], ['address', 'text'],
  ['lat', 'double precision'], ['lon', 'double precision'], ['acceptance_date', 'date'], ['provincial_join_date', 'date'],
  ['iot_sensor_id', 'text'], ['service_modes', 'text[]'], ['fee', 'jsonb'], ['confidentiality', 'jsonb'],
  ['confidentiality_status', 'text'], ['duty_free', 'jsonb'], ['supervision_ends', 'date'], ['requires_owner_approval', 'boolean'],
  ['shareable', 'boolean'], ['customs_gated', 'boolean'], ['content_hash', 'text'], ['version', 'bigint'],
];

const JSON_COLUMNS = ['fee', 'confidentiality', 'duty_free'] as const;

function remoteRow(u: RemoteUpsert): Record<string, unknown> {
  const row: Record<string, unknown> = { ...instrumentColumns(u.write), version: String(u.version) };
  // instrumentColumns serialises jsonb columns for parameters; here they travel inside one JSON document.
  for (const c of JSON_COLUMNS) row[c] = row[c] === null ? null : JSON.parse(row[c] as string);
  return row;
}

/** Federation state and the application of partners' changes: the only federation SQL. */
@Injectable()
export class FederationRepository {
  constructor(
    @InjectDb() private readonly db: Db,
    @Optional() @Inject(CATALOG_CHANGES) private readonly changes: CatalogChanges | undefined,
    @Inject(DATABASE) private readonly database: Database,
  ) {}

  /**
   * Runs `work` only if nobody else (another replica, or a concurrent run here)
   * is syncing this source; `undefined` when another holds it. A session lock
   * for the duration, which also excludes in embedded mode (see Database).
   */
  async withSourceLock<T>(key: string, work: () => Promise<T>): Promise<T | undefined> {
    return this.database.withSessionLock(`federation:${key}`, work);
  }

  async registerSources(partners: PartnerConfig[]): Promise<void> {
    if (partners.length === 0) return;
    await this.db
      .insertInto('federation_sources')
      .values(partners.map((p) => ({ id: p.id, region: p.region, protocol: p.protocol })))
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ region: eb.ref('excluded.region'), protocol: eb.ref('excluded.protocol') })))
      .execute();
  }

  async source(id: string): Promise<SourceRow | undefined> {
    return this.db.selectFrom('federation_sources').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async sources(): Promise<SourceRow[]> {
    return this.db.selectFrom('federation_sources').selectAll().orderBy('id').execute();
  }

  async errors(sourceId: string, limit = 50) {
    return this.db.selectFrom('federation_errors').select(['instrument_id', 'version', 'reason', 'at']).where('source_id', '=', sourceId).orderBy('id', 'desc').limit(limit).execute();
  }

  async recordsOf(sourceId: string): Promise<number> {
    const row = await this.db
      .selectFrom('instruments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('source_platform', '=', sourceId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async markAttempt(sourceId: string): Promise<void> {
    // The status keeps the last outcome: a pull in progress does not make a healthy source look down.
    await this.db.updateTable('federation_sources').set({ last_attempt_at: new Date(), updated_at: new Date() }).where('id', '=', sourceId).execute();
  }

  async markSuccess(sourceId: string): Promise<void> {
    await this.db
      .updateTable('federation_sources')
      .set({ status: 'ok', last_success_at: new Date(), last_error: null, consecutive_failures: 0, circuit_open_until: null, updated_at: new Date() })
      .where('id', '=', sourceId)
      .execute();
  }

  async markFailure(sourceId: string, error: string, consecutiveFailures: number, openUntil?: Date): Promise<void> {
    await this.db
      .updateTable('federation_sources')
      .set({ status: 'error', last_error: error.slice(0, 1000), consecutive_failures: consecutiveFailures, circuit_open_until: openUntil ?? null, updated_at: new Date() })
      .where('id', '=', sourceId)
      .execute();
  }

  async setPaused(sourceId: string, paused: boolean): Promise<boolean> {
    const r = await this.db.updateTable('federation_sources').set({ paused, updated_at: new Date() }).where('id', '=', sourceId).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async resetCursor(sourceId: string): Promise<void> {
    await this.db.updateTable('federation_sources').set({ cursor: null }).where('id', '=', sourceId).execute();
  }

  /**
   * Applies one batch of a partner's changes and moves its cursor, atomically:
   * a crash leaves either both or neither. Upserts and removals apply only when
   * newer than what we hold (idempotent replay), and only to this source's
   * records.
   */
  async applyBatch(sourceId: string, batch: RemoteBatch, options: { moveCursor?: boolean } = {}): Promise<{ applied: number; removed: number }> {
    const result = await this.applyBatchInTransaction(sourceId, batch, options);
    this.changes?.changed();
    return result;
  }

  private applyBatchInTransaction(sourceId: string, batch: RemoteBatch, options: { moveCursor?: boolean }): Promise<{ applied: number; removed: number }> {
    return this.db.transaction().execute(async (trx) => {
      // A partner names its own units only: a unit id already held for another
      // region (a Jiaxing unit, another partner's) is not theirs to rename or to
      // attach instruments to.
      const claimed = [...new Set(batch.upserts.map((u) => u.unit.id))];
      if (claimed.length > 0) {
        const foreign = new Set(
          (await trx.selectFrom('units').select(['id', 'region']).where('id', 'in', claimed).execute())
            .filter((row) => batch.upserts.some((u) => u.unit.id === row.id && u.unit.region !== row.region))
            .map((row) => row.id),
        );
        if (foreign.size > 0) {
          for (const u of batch.upserts.filter((x) => foreign.has(x.unit.id))) {
            batch.invalid.push({ id: u.write.id, version: u.version, reason: `unit.id: ${u.unit.id} is a unit of another region` });
          }
          batch.upserts = batch.upserts.filter((x) => !foreign.has(x.unit.id));
        }
      }
      const units = [...new Map(batch.upserts.map((u) => [u.unit.id, u.unit])).values()];
      if (units.length > 0) {
        await trx
          .insertInto('units')
          .values(units.map((u) => ({ id: u.id, name: u.name, name_en: u.nameEn ?? null, region: u.region, city: u.city, kind: u.kind, sector: u.sector })))
          .onConflict((oc) =>
            oc
              .column('id')
              .doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), name_en: eb.ref('excluded.name_en'), city: eb.ref('excluded.city'), kind: eb.ref('excluded.kind'), sector: eb.ref('excluded.sector') }))
              .where((eb) => eb('units.region', '=', eb.ref('excluded.region'))),
          )
          .execute();
      }
      let applied = 0;
      // One row per id per statement (ON CONFLICT cannot touch a row twice): keep the newest.
      const newest = new Map<string, RemoteUpsert>();
      for (const u of batch.upserts) if ((newest.get(u.write.id)?.version ?? -1n) < u.version) newest.set(u.write.id, u);
      if (newest.size > 0) {
        // The whole batch travels as one jsonb parameter and is expanded by
        // jsonb_to_recordset: one bind parameter instead of ~40 per row (a
        // VALUES list also hits the protocol's 65,535-parameter limit).
        const rows = [...newest.values()].map((u) => remoteRow(u));
        const result = await sql<{ id: string }>`
          INSERT INTO instruments (${sql.raw(REMOTE_COLUMNS.map(([c]) => c).join(', '))})
          SELECT ${sql.raw(REMOTE_COLUMNS.map(([c]) => `r.${c}`).join(', '))}
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(${sql.raw(REMOTE_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', '))})
          ON CONFLICT (id) DO UPDATE SET ${sql.raw(REMOTE_COLUMNS.filter(([c]) => c !== 'id').map(([c]) => `${c} = excluded.${c}`).join(', '))}, deleted_at = NULL
          WHERE instruments.source_platform = ${sourceId} AND instruments.version < excluded.version
          RETURNING id`.execute(trx);
        applied = result.rows.length;
      }
      let removed = 0;
      for (const r of batch.removals) {
        const result = await trx
          .updateTable('instruments')
          .set({ deleted_at: new Date(), version: String(r.version), shareable: false })
          .where('id', '=', r.id)
          .where('source_platform', '=', sourceId)
          .where('deleted_at', 'is', null)
          .where('version', '<=', String(r.version))
          .executeTakeFirst();
        removed += Number(result.numUpdatedRows);
      }
      if (batch.invalid.length > 0) {
        await trx
          .insertInto('federation_errors')
          .values(batch.invalid.map((e) => ({ source_id: sourceId, instrument_id: e.id.slice(0, 200), version: String(e.version < 0n ? 0n : e.version), reason: e.reason.slice(0, 2000) })))
          .onConflict((oc) => oc.columns(['source_id', 'instrument_id', 'version']).doNothing())
          .execute();
      }
      await trx
        .updateTable('federation_sources')
        .set((eb) => ({
          ...(options.moveCursor === false ? {} : { cursor: batch.cursor }),
          records_in: eb(eb.ref('records_in'), '+', String(applied)),
          tombstones_in: eb(eb.ref('tombstones_in'), '+', String(removed)),
          dropped_confidential: eb(eb.ref('dropped_confidential'), '+', String(batch.droppedConfidential)),
          rejected: eb(eb.ref('rejected'), '+', String(batch.invalid.length)),
          updated_at: new Date(),
        }))
        .where('id', '=', sourceId)
        .execute();
      return { applied, removed };
    });
  }

  /**
   * Our own instruments whose partner-visible state changed after `afterSeq`,
   * in change order, with their units. Edits of an instrument while it is
   * hidden do not move it; one never shared is never listed.
   */
  async localChangesSince(afterSeq: bigint, limit: number): Promise<PartnerFeedEntry[]> {
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
    const units = await this.unitsById(rows.map((r) => r.unit_id));
    return rows.map((r) => ({
      stored: toStoredInstrument(r),
      unit: units.get(r.unit_id),
      deleted: r.deleted_at !== null,
      position: BigInt(r.feed_seq!),
      announcedVersion: Number(r.feed_version),
    }));
  }

  /** Live instruments by id (any source), in the order asked, with their units. */
  async localOrFederated(ids: string[]): Promise<FeedEntry[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('instruments').selectAll().where('id', 'in', ids).where('deleted_at', 'is', null).execute();
    const units = await this.unitsById(rows.map((r) => r.unit_id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [{ stored: toStoredInstrument(r), unit: units.get(r.unit_id), deleted: false }] : [];
    });
  }

  async countOutbound(sourceId: string, n: number): Promise<void> {
    if (n === 0) return;
    await this.db.updateTable('federation_sources').set((eb) => ({ records_out: eb(eb.ref('records_out'), '+', String(n)) })).where('id', '=', sourceId).execute();
  }

  async unitsById(ids: string[]): Promise<Map<string, ManagementUnit>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.db.selectFrom('units').selectAll().where('id', 'in', unique).execute();
    return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, nameEn: r.name_en ?? undefined, region: r.region as ManagementUnit['region'], city: r.city, kind: r.kind as ManagementUnit['kind'], sector: r.sector as ManagementUnit['sector'] }]));
  }

  // ------------------------------------------------ OpenAPI partners (the province)

  /** Records the start of a run without touching the source's health (pull and push share it). */
  async touchAttempt(sourceId: string): Promise<void> {
    await this.db.updateTable('federation_sources').set({ last_attempt_at: new Date(), updated_at: new Date() }).where('id', '=', sourceId).execute();
  }

  /**
   * A successful run in one direction of a two-way source. It clears the
   * source's failure only if that failure was this direction's (its reason
   * starts with `<direction>:`): a working pull must not hide a broken push.
   * Only a pull moves `last_success_at` (the freshness of the data we hold).
   */
  async markDirectionSuccess(sourceId: string, direction: 'pull' | 'push'): Promise<void> {
    const clears = sql<boolean>`(last_error IS NULL OR starts_with(last_error, ${`${direction}:`}))`;
    await this.db
      .updateTable('federation_sources')
      .set({
        status: sql`CASE WHEN ${clears} THEN 'ok' ELSE 'error' END`,
        last_error: sql`CASE WHEN ${clears} THEN NULL ELSE last_error END`,
        consecutive_failures: sql`CASE WHEN ${clears} THEN 0 ELSE consecutive_failures END`,
        circuit_open_until: sql`CASE WHEN ${clears} THEN NULL ELSE circuit_open_until END`,
        ...(direction === 'pull' ? { last_success_at: new Date() } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', sourceId)
      .execute();
  }

  /**
   * The partner rebuilt its change log (our cursor expired): pull from the
   * beginning, and push everything again, since what it acknowledged before
   * may be gone with the old log (pushes are idempotent by version).
   */
  async restartSync(sourceId: string): Promise<void> {
    await this.db.updateTable('federation_sources').set({ cursor: null, push_cursor: '0', updated_at: new Date() }).where('id', '=', sourceId).execute();
  }

  /**
   * After a pull from the beginning (a full snapshot of the partner's
   * catalog): removes this source's live records the snapshot did not contain.
   * They carry no tombstone version, so they are removed at version 0: any
   * later listing of them applies again.
   */
  async removeUnseen(sourceId: string, seen: ReadonlySet<string>): Promise<number> {
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
        await trx
          .updateTable('federation_sources')
          .set((eb) => ({ tombstones_in: eb(eb.ref('tombstones_in'), '+', String(n)), updated_at: new Date() }))
          .where('id', '=', sourceId)
          .execute();
        return n;
      });
    }
    if (removed > 0) this.changes?.changed();
    return removed;
  }

  /**
   * Commits one page of pushes the partner acknowledged, atomically: the
   * listing dates it answered (only for our own instruments; the earliest
   * date is kept, since Art. 13 asks when it first got there), the writes it
   * refused with their reasons, the outbound counter, and the push cursor —
   * moved from `from` to `cursor` only if it still is at `from`. False when
   * it was not (the sync was restarted, or another replica pushed the same
   * page): the caller stops and the next run starts from the stored cursor.
   */
  async commitPush(
    sourceId: string,
    page: { from: bigint; cursor: bigint; listings: { id: string; listedOn: string }[]; sent: number; refused: { id: string; version: bigint; reason: string }[] },
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      if (page.listings.length > 0) {
        await sql`
          UPDATE instruments AS i SET province_listed_on = l.listed_on
          FROM unnest(${page.listings.map((l) => l.id)}::text[], ${page.listings.map((l) => l.listedOn)}::date[]) AS l (id, listed_on)
          WHERE i.id = l.id AND i.source_platform = 'local' AND (i.province_listed_on IS NULL OR l.listed_on < i.province_listed_on)`.execute(trx);
      }
      if (page.refused.length > 0) {
        await trx
          .insertInto('federation_errors')
          .values(page.refused.map((e) => ({ source_id: sourceId, instrument_id: e.id.slice(0, 200), version: String(e.version < 0n ? 0n : e.version), reason: e.reason.slice(0, 2000) })))
          .onConflict((oc) => oc.columns(['source_id', 'instrument_id', 'version']).doNothing())
          .execute();
      }
      const moved = await trx
        .updateTable('federation_sources')
        .set({ push_cursor: String(page.cursor), updated_at: new Date() })
        .where('id', '=', sourceId)
        .where('push_cursor', '=', String(page.from))
        .executeTakeFirst();
      await trx
        .updateTable('federation_sources')
        .set((eb) => ({ records_out: eb(eb.ref('records_out'), '+', String(page.sent)) }))
        .where('id', '=', sourceId)
        .execute();
      return Number(moved.numUpdatedRows) === 1;
    });
  }
}
