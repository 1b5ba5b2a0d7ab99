import { Inject, Injectable } from '@nestjs/common';
import type { PartnerConfig } from '@app/config';
import { DATABASE, Database, InjectDb, sql, type Db, type Selectable, type FederationSourcesTable } from '@app/persistence';

export type SourceRow = Selectable<FederationSourcesTable>;

/**
 * Each partner source's state (`federation_sources`): configuration, pause,
 * health and circuit, cursors, error list; and the lock that keeps one sync of
 * a source at a time. What a sync changes in the catalog and counts with it is
 * SyncBookkeepingRepository's.
 */
@Injectable()
export class SourceStateRepository {
  constructor(
    @InjectDb() private readonly db: Db,
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
    return this.db
      .selectFrom('federation_errors')
      .select(['instrument_id', 'version', 'reason', 'at'])
      .where('source_id', '=', sourceId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Records the start of a run. The status keeps the last outcome: a run in progress does not make a healthy source look down. */
  async markAttempt(sourceId: string): Promise<void> {
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
      .set({
        status: 'error',
        last_error: error.slice(0, 1000),
        consecutive_failures: consecutiveFailures,
        circuit_open_until: openUntil ?? null,
        updated_at: new Date(),
      })
      .where('id', '=', sourceId)
      .execute();
  }

  async setPaused(sourceId: string, paused: boolean): Promise<boolean> {
    const r = await this.db.updateTable('federation_sources').set({ paused, updated_at: new Date() }).where('id', '=', sourceId).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
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
}
