import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ServiceError } from '@grpc/grpc-js';
import { Clock } from '@app/common';
import { APP_CONFIG, type AppConfig, type PartnerConfig } from '@app/config';
import { breakerAfter, isOpen, type SyncFailure } from '../domain/circuit-breaker';
import { BATCH_SIZE, collectChange, emptyBatch } from '../domain/remote-batch';
import { PartnerCatalogClient, TRANSIENT } from '../clients/partner-catalog.client';
import { FederationRepository } from '../infrastructure/federation.repository';
import { PullProvinceUseCase } from '../province/pull-province.usecase';

const CHANGES_PER_CALL = 5_000;

/** `busy`: another run (in this or another process) is syncing the source. */
export type PullOutcome = 'synced' | 'busy' | 'paused' | 'circuit_open' | 'failed' | 'unknown_source';

/**
 * One incremental pull of a partner's catalog over gRPC: from the committed
 * cursor, in batches that are applied together with their cursor, until the
 * partner has no more. A failure keeps what was committed and the changes
 * read whole before it, opens the circuit after repeated failures, and the
 * next scheduled pull resumes from there.
 */
@Injectable()
export class PullSourceUseCase {
  private readonly logger = new Logger('federation');
  private readonly clients = new Map<string, PartnerCatalogClient>();
  /** Pulls of one source never overlap in this process (a second one is skipped). */
  private readonly running = new Set<string>();

  constructor(
    private readonly federation: FederationRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly province: PullProvinceUseCase,
  ) {}

  async execute(sourceId: string): Promise<PullOutcome> {
    const partner = this.config.partners.find((p) => p.id === sourceId);
    // The provincial platform speaks OpenAPI, not our proto: its own pull.
    if (partner?.protocol === 'openapi') return this.province.execute(sourceId);
    const source = await this.federation.source(sourceId);
    if (!partner || partner.protocol !== 'grpc' || !source) return 'unknown_source';
    if (source.paused) return 'paused';
    const now = this.clock.now();
    if (isOpen({ consecutiveFailures: source.consecutive_failures, openUntil: source.circuit_open_until ?? undefined }, now)) return 'circuit_open';
    if (this.running.has(sourceId)) return 'busy';
    this.running.add(sourceId);
    try {
      // One pull per source across every worker process; the cursor is read
      // under the lock, so it is the last one committed.
      const outcome = await this.federation.withSourceLock(`pull:${sourceId}`, async () => {
        await this.federation.markAttempt(sourceId);
        const fresh = await this.federation.source(sourceId);
        await this.pull(partner, fresh?.cursor ?? '');
        await this.federation.markSuccess(sourceId);
        return 'synced' as const;
      });
      return outcome ?? 'busy';
    } catch (error) {
      const failure = classify(error);
      const next = breakerAfter({ consecutiveFailures: source.consecutive_failures }, failure, this.clock.now());
      await this.federation.markFailure(sourceId, failure.reason, next.consecutiveFailures, next.openUntil);
      this.logger.warn(`pull ${sourceId} failed (${next.consecutiveFailures} in a row): ${failure.reason}`);
      return 'failed';
    } finally {
      this.running.delete(sourceId);
    }
  }

  private client(partner: PartnerConfig): PartnerCatalogClient {
    let client = this.clients.get(partner.id);
    if (!client) this.clients.set(partner.id, (client = new PartnerCatalogClient(partner)));
    return client;
  }

  private async pull(partner: PartnerConfig, startCursor: string): Promise<void> {
    let cursor = startCursor;
    const asOf = this.clock.today();
    for (;;) {
      const { cursor: next, hasMore } = await this.pullOnce(partner, cursor, asOf);
      cursor = next;
      if (!hasMore) return;
    }
  }

  /** One ListChanges call, applied in batches; returns where the next call starts. */
  private async pullOnce(partner: PartnerConfig, cursor: string, asOf: string): Promise<{ cursor: string; hasMore: boolean }> {
    let batch = emptyBatch(cursor);
    let batchFrom = cursor;
    // One batch is written while the next is read and prepared; batches still
    // commit in order, so the committed cursor never runs ahead of the data.
    let writing: Promise<unknown> = Promise.resolve();
    let end: { nextCursor: string; hasMore: boolean } | undefined;
    try {
      for await (const message of this.client(partner).listChanges(cursor, CHANGES_PER_CALL)) {
        const event = message.event;
        if (event?.$case === 'end') {
          end = event.end;
          break;
        }
        if (event?.$case !== 'change') continue;
        collectChange(batch, event.change, { sourceId: partner.id, region: partner.region, asOf });
        if (batch.upserts.length + batch.removals.length + batch.invalid.length >= BATCH_SIZE) {
          await writing;
          writing = this.federation.applyBatch(partner.id, batch);
          // Observed at once (a failed write must not become an unhandled rejection
          // that kills the process); still awaited, and its error reported, below.
          writing.catch(() => undefined);
          batch = emptyBatch(batch.cursor);
          batchFrom = batch.cursor;
        }
      }
    } catch (error) {
      // Let the batch being written settle before reporting the stream's error.
      const written = await writing.then(
        () => true,
        () => false,
      );
      // The changes read before the cut are whole, each with its cursor: keep them, so a link too slow to
      // bring a whole backlog within one deadline still moves the sync on instead of fetching it again for
      // ever. Never after a batch that failed: the cursor would pass its records.
      if (written && batch.cursor !== batchFrom) await this.federation.applyBatch(partner.id, batch).catch(() => undefined);
      throw error;
    }
    await writing;
    if (!end) throw new Error('the change stream ended without its End message');
    batch.cursor = end.nextCursor;
    await this.federation.applyBatch(partner.id, batch);
    return { cursor: end.nextCursor, hasMore: end.hasMore };
  }
}

/**
 * Transient statuses (UNAVAILABLE, DEADLINE_EXCEEDED, …) are retried with the
 * breaker's backoff; permanent ones (UNAUTHENTICATED, INVALID_ARGUMENT, …)
 * open the circuit at once: they fail the same way until someone fixes them.
 */
function classify(error: unknown): SyncFailure {
  const e = error as Partial<ServiceError>;
  if (typeof e?.code === 'number') {
    const transient = TRANSIENT.has(e.code);
    return { reason: `gRPC ${e.code}: ${e.details ?? e.message} (${transient ? 'transient, retried with backoff' : 'permanent, not retried until the circuit half-opens'})`, transient };
  }
  return { reason: error instanceof Error ? error.message : String(error), transient: true };
}
