import { sql, type Db } from '@app/persistence';
import type { RateLimitCount, RateLimitStore } from './rate-limit.store';

/**
 * Counters in PostgreSQL (the embedded default, and servers without Redis):
 * one UPSERT per hit on a small unlogged table (migration 0014); a window that
 * has ended restarts at 1 in the same statement, so concurrent hits from
 * several replicas serialise on the row and none is lost.
 */
export class PostgresRateLimitStore implements RateLimitStore {
  constructor(private readonly db: Db) {}

  async hit(key: string, windowMs: number, now: Date): Promise<RateLimitCount> {
    const resetsAt = new Date(now.getTime() + windowMs);
    const { rows } = await sql<{ hits: number; resets_at: Date }>`
      INSERT INTO rate_limit_counters AS c (key, hits, resets_at) VALUES (${key}, 1, ${resetsAt})
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN c.resets_at <= ${now} THEN 1 ELSE c.hits + 1 END,
        resets_at = CASE WHEN c.resets_at <= ${now} THEN excluded.resets_at ELSE c.resets_at END
      RETURNING hits, resets_at`.execute(this.db);
    return { hits: rows[0].hits, resetsAt: new Date(rows[0].resets_at) };
  }

  async sweep(now: Date): Promise<number> {
    const result = await sql`DELETE FROM rate_limit_counters WHERE resets_at <= ${now}`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  async close(): Promise<void> {
    // The pool belongs to the persistence module.
  }
}
