import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@app/common';
import { DATABASE, Database, InjectDb, sql, type Db } from '@app/persistence';

export interface FeedPositionRow {
  source: string;
  region: string;
  cursor: string | null;
  last_attempt_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  consecutive_failures: number;
  stored: string;
  corrected: string;
  rejected: string;
}

export interface FeedRejection {
  sourceKey: string;
  instrumentId?: string;
  version?: number;
  reason: string;
}

/** Where each inbound usage feed stands (migration 0020): the only SQL of this lib. */
@Injectable()
export class UsageFeedRepository {
  constructor(
    @InjectDb() private readonly db: Db,
    @Inject(DATABASE) private readonly database: Database,
    /** Times on the injected clock, as the lag is computed from it. */
    private readonly clock: Clock,
  ) {}

  /** One pull per source across every process (see Database.withSessionLock); `undefined` when another holds it. */
  withSourceLock<T>(source: string, work: () => Promise<T>): Promise<T | undefined> {
    return this.database.withSessionLock(`usage-feeds:${source}`, work);
  }

  async register(sources: { source: string; region: string }[]): Promise<void> {
    for (const s of sources) {
      await sql`INSERT INTO usage_feed_positions (source, region) VALUES (${s.source}, ${s.region})
        ON CONFLICT (source) DO UPDATE SET region = excluded.region`.execute(this.db);
    }
  }

  async position(source: string): Promise<FeedPositionRow | undefined> {
    const { rows } = await sql<FeedPositionRow>`SELECT * FROM usage_feed_positions WHERE source = ${source}`.execute(this.db);
    return rows[0];
  }

  async positions(): Promise<FeedPositionRow[]> {
    const { rows } = await sql<FeedPositionRow>`SELECT * FROM usage_feed_positions ORDER BY source`.execute(this.db);
    return rows;
  }

  async rejections(
    source: string,
    limit = 50,
  ): Promise<{ source_key: string; instrument_id: string | null; version: string | null; reason: string; at: Date }[]> {
    const { rows } = await sql<{ source_key: string; instrument_id: string | null; version: string | null; reason: string; at: Date }>`
      SELECT source_key, instrument_id, version, reason, at FROM usage_feed_rejections WHERE source = ${source} ORDER BY id DESC LIMIT ${limit}`.execute(
      this.db,
    );
    return rows;
  }

  async markAttempt(source: string): Promise<void> {
    await sql`UPDATE usage_feed_positions SET last_attempt_at = ${this.clock.now()}, updated_at = now() WHERE source = ${source}`.execute(this.db);
  }

  /**
   * Moves a feed past records whose sessions are already stored: the cursor,
   * the counters and the rejected records in one transaction, so a crash
   * before it replays the page (idempotent by source key and version) and
   * counts nothing twice (a record refused again is counted once). `cursor` null: start over from the beginning.
   */
  async advance(source: string, cursor: string | null, counts: { stored: number; corrected: number }, rejected: FeedRejection[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      let refused = 0;
      for (const r of rejected) {
        const { rows } = await sql<{ id: string }>`INSERT INTO usage_feed_rejections (source, source_key, instrument_id, version, reason, at)
          VALUES (${source}, ${r.sourceKey.slice(0, 200)}, ${r.instrumentId?.slice(0, 200) ?? null}, ${r.version ?? null}, ${r.reason}, ${this.clock.now()})
          ON CONFLICT DO NOTHING RETURNING id`.execute(trx);
        refused += rows.length;
      }
      await sql`UPDATE usage_feed_positions SET cursor = ${cursor}, stored = stored + ${counts.stored}, corrected = corrected + ${counts.corrected},
        rejected = rejected + ${refused}, updated_at = now() WHERE source = ${source}`.execute(trx);
    });
  }

  async markSuccess(source: string): Promise<void> {
    await sql`UPDATE usage_feed_positions SET last_success_at = ${this.clock.now()}, last_error = NULL, consecutive_failures = 0, updated_at = now() WHERE source = ${source}`.execute(
      this.db,
    );
  }

  async markFailure(source: string, reason: string): Promise<void> {
    await sql`UPDATE usage_feed_positions SET last_error = ${reason.slice(0, 1000)}, consecutive_failures = consecutive_failures + 1, updated_at = now() WHERE source = ${source}`.execute(
      this.db,
    );
  }
}
