import { Injectable } from '@nestjs/common';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ServiceError } from '@grpc/grpc-js';
import { Clock } from '@app/common';
import type { PartnerConfig } from '@app/config';
import { TRANSIENT } from '@app/grpc';
import { PartnerCatalogClient } from '../clients/partner-catalog.client';
import type { SyncFailure } from '../domain/circuit-breaker';
import { BATCH_SIZE, collectChange, emptyBatch } from '../domain/remote-batch';
import type { SourceRow } from '../infrastructure/source-state.repository';
import { SyncStore } from './sync-store';
import type { SyncStrategy } from './sync-strategy';

const CHANGES_PER_CALL = 5_000;

/**
 * Changes read between two turns of the event loop. A partner's window holds
 * thousands of changes, which the loop below would otherwise take one after
 * another without once reading PostgreSQL's answers: each statement of the
 * write running meanwhile would wait tens of milliseconds for its next one.
 */
const CHANGES_PER_TURN = 64;

/**
 * One incremental pull of a YRD partner's catalog over gRPC: from the
 * committed cursor, in batches that are applied together with their cursor,
 * until the partner has no more. A pull cut short keeps the changes it read
 * whole before the cut.
 */
@Injectable()
export class GrpcPullStrategy implements SyncStrategy {
  readonly protocol = 'grpc' as const;
  readonly direction = 'pull' as const;
  readonly twoWay = false;
  private readonly clients = new Map<string, PartnerCatalogClient>();

  constructor(
    private readonly store: SyncStore,
    private readonly clock: Clock,
  ) {}

  async run(partner: PartnerConfig, source: SourceRow): Promise<void> {
    let cursor = source.cursor ?? '';
    const asOf = this.clock.today();
    // The last batch of one call is written while the next call streams (a
    // backlog is many calls): the link and the database are never idle in turn.
    let writing: Promise<unknown> = Promise.resolve();
    for (;;) {
      const next = await this.pullOnce(partner, cursor, asOf, writing);
      writing = next.writing;
      cursor = next.cursor;
      if (!next.hasMore) break;
    }
    await writing;
  }

  /**
   * Transient statuses (UNAVAILABLE, DEADLINE_EXCEEDED, …) are retried with the
   * breaker's backoff; permanent ones (UNAUTHENTICATED, INVALID_ARGUMENT, …)
   * open the circuit at once: they fail the same way until someone fixes them.
   */
  classify(error: unknown): SyncFailure {
    const e = error as Partial<ServiceError>;
    if (typeof e?.code === 'number') {
      const transient = TRANSIENT.has(e.code);
      return {
        reason: `gRPC ${e.code}: ${e.details ?? e.message} (${transient ? 'transient, retried with backoff' : 'permanent, not retried until the circuit half-opens'})`,
        transient,
      };
    }
    return { reason: error instanceof Error ? error.message : String(error), transient: true };
  }

  private client(partner: PartnerConfig): PartnerCatalogClient {
    let client = this.clients.get(partner.id);
    if (!client) this.clients.set(partner.id, (client = new PartnerCatalogClient(partner)));
    return client;
  }

  /**
   * One ListChanges call, applied in batches after `previous` (the write still
   * running from the call before); returns where the next call starts and the
   * write of this call's last batch, which commits the call's end cursor.
   */
  private async pullOnce(
    partner: PartnerConfig,
    cursor: string,
    asOf: string,
    previous: Promise<unknown>,
  ): Promise<{ cursor: string; hasMore: boolean; writing: Promise<unknown> }> {
    let batch = emptyBatch(cursor);
    let batchFrom = cursor;
    // One batch is written while the next is read and prepared; batches still
    // commit in order, so the committed cursor never runs ahead of the data.
    let writing = previous;
    let end: { nextCursor: string; hasMore: boolean } | undefined;
    let sinceTurn = 0;
    try {
      for await (const message of this.client(partner).listChanges(cursor, CHANGES_PER_CALL)) {
        if (++sinceTurn === CHANGES_PER_TURN) {
          sinceTurn = 0;
          await nextTurn();
        }
        const event = message.event;
        if (event?.$case === 'end') {
          end = event.end;
          break;
        }
        if (event?.$case !== 'change') continue;
        collectChange(batch, event.change, { sourceId: partner.id, region: partner.region, asOf });
        if (batch.upserts.length + batch.removals.length + batch.invalid.length >= BATCH_SIZE) {
          // Prepared now, written as soon as the write before it commits; reading
          // resumes then, so one write runs while the next batch is read.
          const previous = writing;
          writing = this.store.applyBatch(partner.id, batch, { after: previous });
          // Observed at once (a failed write must not become an unhandled rejection
          // that kills the process); still awaited, and its error reported, below.
          writing.catch(() => undefined);
          await previous;
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
      if (written && batch.cursor !== batchFrom) await this.store.applyBatch(partner.id, batch).catch(() => undefined);
      throw error;
    }
    if (!end) {
      await writing;
      throw new Error('the change stream ended without its End message');
    }
    batch.cursor = end.nextCursor;
    const last = this.store.applyBatch(partner.id, batch, { after: writing });
    last.catch(() => undefined);
    return { cursor: end.nextCursor, hasMore: end.hasMore, writing: last };
  }
}
