import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { UsageFeedRepository, type FeedPositionRow } from '../infrastructure/usage-feed.repository';

/** As for catalog sources: stale after three pull intervals without success (at least a minute). */
const STALE_INTERVALS = 3;
const STALE_MIN_MS = 60_000;

export interface UsageFeedView {
  /** `partner:<id>` or `province`: the `source` its sessions are stored under. */
  source: string;
  region: string;
  status: 'ok' | 'stale' | 'error' | 'pending';
  lastSync?: string;
  /** Seconds since the last successful pull. */
  lagSeconds?: number;
  lastAttempt?: string;
  lastError?: string;
  consecutiveFailures: number;
  /** Opaque position of the last record applied (null: from the beginning). */
  cursor: string | null;
  /** Sessions stored for the first time / replaced by a correction with a higher version. */
  sessionsStored: number;
  sessionsCorrected: number;
  /** Records refused (a key we never sent, another region's instrument, a contract violation, …). */
  rejected: number;
  /** The latest refusals, newest first. */
  rejections: { sourceKey: string; instrumentId?: string; version?: string; reason: string; at: string }[];
}

/** The usage feeds' health, beside the catalog sources' (GET /federation/usage-feeds): the DRC's sync health. */
@Injectable()
export class ListUsageFeedsUseCase {
  constructor(
    private readonly feeds: UsageFeedRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(): Promise<UsageFeedView[]> {
    return Promise.all((await this.feeds.positions()).map((row) => this.view(row)));
  }

  private async view(row: FeedPositionRow): Promise<UsageFeedView> {
    const now = this.clock.now().getTime();
    const partnerId =
      row.source === 'province'
        ? this.config.partners.find((p) => p.protocol === 'openapi' && p.region === 'zhejiang')?.id
        : row.source.slice('partner:'.length);
    const interval = this.config.partners.find((p) => p.id === partnerId)?.pullIntervalMs ?? STALE_MIN_MS;
    const success = row.last_success_at?.getTime();
    const status: UsageFeedView['status'] = row.last_error
      ? 'error'
      : success === undefined
        ? 'pending'
        : now - success > Math.max(STALE_MIN_MS, STALE_INTERVALS * interval)
          ? 'stale'
          : 'ok';
    const rejections = await this.feeds.rejections(row.source);
    return {
      source: row.source,
      region: row.region,
      status,
      ...(row.last_success_at ? { lastSync: row.last_success_at.toISOString(), lagSeconds: Math.max(0, Math.round((now - success!) / 1000)) } : {}),
      ...(row.last_attempt_at ? { lastAttempt: row.last_attempt_at.toISOString() } : {}),
      ...(row.last_error ? { lastError: row.last_error } : {}),
      consecutiveFailures: row.consecutive_failures,
      cursor: row.cursor,
      sessionsStored: Number(row.stored),
      sessionsCorrected: Number(row.corrected),
      rejected: Number(row.rejected),
      rejections: rejections.map((r) => ({
        sourceKey: r.source_key,
        ...(r.instrument_id ? { instrumentId: r.instrument_id } : {}),
        ...(r.version !== null ? { version: String(r.version) } : {}),
        reason: r.reason,
        at: r.at.toISOString(),
      })),
    };
  }
}
