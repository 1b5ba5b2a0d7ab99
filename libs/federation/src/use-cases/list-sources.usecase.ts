import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { localSourceStatus, PartnerRecordsUseCase, type CatalogSources, type CatalogSourceStatus } from '@app/catalog';
import { SourceStateRepository, type SourceRow } from '../infrastructure/source-state.repository';

/** A source whose last success is older than three of its pull intervals (at least a minute) is stale. */
const STALE_INTERVALS = 3;
const STALE_MIN_MS = 60_000;
const STATUS_TTL_MS = 1_000;

export interface SourceView extends CatalogSourceStatus {
  protocol: string;
  paused: boolean;
  cursor: string | null;
  lastAttempt?: string;
  lastError?: string;
  consecutiveFailures: number;
  circuitOpenUntil?: string;
  records: number;
  recordsIn: number;
  tombstonesIn: number;
  recordsOut: number;
  droppedConfidential: number;
  rejected: number;
  errors: { instrumentId: string; version: string; reason: string; at: string }[];
}

/** Federation sources as users and operators see them (GET /federation/sources, metrics, search `sources`). */
@Injectable()
export class ListSourcesUseCase implements CatalogSources {
  constructor(
    private readonly federation: SourceStateRepository,
    private readonly records: PartnerRecordsUseCase,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(): Promise<SourceView[]> {
    const rows = await this.federation.sources();
    return Promise.all(rows.map((row) => this.view(row)));
  }

  async setPaused(id: string, paused: boolean): Promise<SourceView> {
    if (!(await this.federation.setPaused(id, paused))) throw DomainError.notFound(`source ${id}`);
    return this.view((await this.federation.source(id))!);
  }

  /**
   * For every search answer: the rows are read at most once a second (shared by concurrent
   * callers), so a busy search page costs PostgreSQL nothing extra; lags are computed now.
   */
  async statuses(): Promise<CatalogSourceStatus[]> {
    if (!this.recent || Date.now() - this.recent.at > STATUS_TTL_MS) {
      const read = this.federation.sources();
      this.recent = { at: Date.now(), rows: read };
      read.catch(() => (this.recent = undefined));
    }
    const rows = await this.recent.rows;
    const now = this.clock.now();
    const remote = rows.map((row) => this.status(row, now));
    return [localSourceStatus(now), ...remote];
  }

  private recent?: { at: number; rows: Promise<SourceRow[]> };

  private staleAfterMs(sourceId: string): number {
    const interval = this.config.partners.find((p) => p.id === sourceId)?.pullIntervalMs ?? STALE_MIN_MS;
    return Math.max(STALE_MIN_MS, STALE_INTERVALS * interval);
  }

  private status(row: SourceRow, now: Date): CatalogSourceStatus {
    const lag = row.last_success_at ? Math.max(0, Math.round((now.getTime() - row.last_success_at.getTime()) / 1000)) : undefined;
    const status: CatalogSourceStatus['status'] = row.paused
      ? 'paused'
      : row.status === 'error'
        ? 'error'
        : !row.last_success_at
          ? 'pending'
          : now.getTime() - row.last_success_at.getTime() > this.staleAfterMs(row.id)
            ? 'stale'
            : 'ok';
    return { id: row.id, region: row.region, status, lastSync: row.last_success_at?.toISOString(), lagSeconds: lag };
  }

  private async view(listed: SourceRow): Promise<SourceView> {
    const [records, errors] = await Promise.all([this.records.count(listed.id), this.federation.errors(listed.id)]);
    // Counters read after the error list, so they never lag behind it.
    const row = (await this.federation.source(listed.id)) ?? listed;
    return {
      ...this.status(row, this.clock.now()),
      protocol: row.protocol,
      paused: row.paused,
      cursor: row.cursor,
      lastAttempt: row.last_attempt_at?.toISOString(),
      lastError: row.last_error ?? undefined,
      consecutiveFailures: row.consecutive_failures,
      circuitOpenUntil: row.circuit_open_until?.toISOString(),
      records,
      recordsIn: Number(row.records_in),
      tombstonesIn: Number(row.tombstones_in),
      recordsOut: Number(row.records_out),
      droppedConfidential: Number(row.dropped_confidential),
      rejected: Number(row.rejected),
      errors: errors.map((e) => ({ instrumentId: e.instrument_id, version: String(e.version), reason: e.reason, at: e.at.toISOString() })),
    };
  }
}
