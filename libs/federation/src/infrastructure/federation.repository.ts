import { Injectable } from '@nestjs/common';
import { instrumentColumns, toStoredInstrument, type InstrumentWrite, type ManagementUnit, type StoredInstrument } from '@app/catalog';
import type { PartnerConfig } from '@app/config';
import { InjectDb, sql, type Db, type Selectable, type FederationSourcesTable } from '@app/persistence';

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
  everShared: boolean;
  deleted: boolean;
}

/** Federation state and the application of partners' changes: the only federation SQL. */
@Injectable()
export class FederationRepository {
  constructor(@InjectDb() private readonly db: Db) {}

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
    await this.db.updateTable('federation_sources').set({ last_attempt_at: new Date(), status: 'syncing', updated_at: new Date() }).where('id', '=', sourceId).execute();
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
  async applyBatch(sourceId: string, batch: RemoteBatch): Promise<{ applied: number; removed: number }> {
    return this.db.transaction().execute(async (trx) => {
      const units = [...new Map(batch.upserts.map((u) => [u.unit.id, u.unit])).values()];
      if (units.length > 0) {
        await trx
          .insertInto('units')
          .values(units.map((u) => ({ id: u.id, name: u.name, name_en: u.nameEn ?? null, region: u.region, city: u.city, kind: u.kind, sector: u.sector })))
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), name_en: eb.ref('excluded.name_en'), city: eb.ref('excluded.city'), kind: eb.ref('excluded.kind'), sector: eb.ref('excluded.sector') })),
          )
          .execute();
      }
      let applied = 0;
      // One row per id per statement (ON CONFLICT cannot touch a row twice): keep the newest.
      const newest = new Map<string, RemoteUpsert>();
      for (const u of batch.upserts) if ((newest.get(u.write.id)?.version ?? -1n) < u.version) newest.set(u.write.id, u);
      if (newest.size > 0) {
        const rows = [...newest.values()].map((u) => ({ ...instrumentColumns(u.write), version: String(u.version) }));
        const keys = Object.keys(rows[0]).filter((c) => c !== 'id');
        const result = await trx
          .insertInto('instruments')
          .values(rows)
          .onConflict((oc) =>
            oc
              .column('id')
              .doUpdateSet((eb) => ({ ...Object.fromEntries(keys.map((c) => [c, eb.ref(`excluded.${c}` as never)])), deleted_at: null }))
              .where((eb) => eb.and([eb('instruments.source_platform', '=', sourceId), eb('instruments.version', '<', eb.ref('excluded.version'))])),
          )
          .executeTakeFirst();
        applied = Number(result.numInsertedOrUpdatedRows ?? 0);
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
          cursor: batch.cursor,
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

  /** Our own instruments changed after `afterSeq`, in change order, with their units. */
  async localChangesSince(afterSeq: bigint, limit: number): Promise<FeedEntry[]> {
    const rows = await this.db
      .selectFrom('instruments')
      .selectAll()
      .where('source_platform', '=', 'local')
      .where('change_seq', '>', String(afterSeq))
      .orderBy('change_seq')
      .limit(limit)
      .execute();
    const units = await this.unitsById(rows.map((r) => r.unit_id));
    return rows.map((r) => ({ stored: toStoredInstrument(r), unit: units.get(r.unit_id), everShared: r.ever_shared, deleted: r.deleted_at !== null }));
  }

  /** Live instruments by id (any source), in the order asked, with their units. */
  async localOrFederated(ids: string[]): Promise<FeedEntry[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('instruments').selectAll().where('id', 'in', ids).where('deleted_at', 'is', null).execute();
    const units = await this.unitsById(rows.map((r) => r.unit_id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [{ stored: toStoredInstrument(r), unit: units.get(r.unit_id), everShared: r.ever_shared, deleted: false }] : [];
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

  async currentSeq(): Promise<bigint> {
    const r = await sql<{ s: string }>`SELECT coalesce(max(change_seq), 0)::text AS s FROM instruments WHERE source_platform = 'local'`.execute(this.db);
    return BigInt(r.rows[0].s);
  }
}
