import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ServiceError } from '@grpc/grpc-js';
import { prepareInstrument } from '@app/catalog';
import { Clock } from '@app/common';
import { APP_CONFIG, type AppConfig, type PartnerConfig } from '@app/config';
import { afterFailure, isOpen } from '../domain/circuit-breaker';
import { instrumentFromWire } from '../domain/wire-mapping';
import { PartnerCatalogClient } from '../clients/partner-catalog.client';
import { FederationRepository, type RemoteBatch } from '../infrastructure/federation.repository';
import { PullProvinceUseCase } from '../province/pull-province.usecase';

const CHANGES_PER_CALL = 5_000;
const BATCH = 500;

export type PullOutcome = 'synced' | 'paused' | 'circuit_open' | 'failed' | 'unknown_source';

/**
 * One incremental pull of a partner's catalog over gRPC: from the committed
 * cursor, in batches that are applied together with their cursor, until the
 * partner has no more. A failure keeps what was committed, opens the circuit
 * after repeated failures, and the next scheduled pull resumes from there.
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
    if (this.running.has(sourceId)) return 'synced';
    this.running.add(sourceId);
    try {
      await this.federation.markAttempt(sourceId);
      await this.pull(partner, source.cursor ?? '');
      await this.federation.markSuccess(sourceId);
      return 'synced';
    } catch (error) {
      const reason = describe(error);
      const next = afterFailure({ consecutiveFailures: source.consecutive_failures }, this.clock.now());
      await this.federation.markFailure(sourceId, reason, next.consecutiveFailures, next.openUntil);
      this.logger.warn(`pull ${sourceId} failed (${next.consecutiveFailures} in a row): ${reason}`);
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
      let batch = emptyBatch(cursor);
      let hasMore = false;
      let sawEnd = false;
      for await (const message of this.client(partner).listChanges(cursor, CHANGES_PER_CALL)) {
        const event = message.event;
        if (!event) continue;
        if (event.$case === 'end') {
          sawEnd = true;
          hasMore = event.end.hasMore;
          batch.cursor = event.end.nextCursor;
          break;
        }
        const change = event.change;
        const kind = change.kind;
        if (kind?.$case === 'upsert') {
          const record = instrumentFromWire(kind.upsert, partner.region);
          if (record.kind === 'ok') {
            const prepared = prepareInstrument(record.input, { region: record.region, sourcePlatform: partner.id, asOf });
            batch.upserts.push({ write: prepared, version: record.version, unit: record.unit });
          } else if (record.kind === 'confidential') {
            batch.droppedConfidential += 1;
            batch.removals.push({ id: record.id, version: record.version });
          } else {
            batch.invalid.push({ id: record.id, version: record.version, reason: record.violations.map((v) => `${v.field}: ${v.message}`).join('; ') });
          }
        } else if (kind?.$case === 'tombstone') {
          const version = /^\d{1,18}$/.test(kind.tombstone.version) ? BigInt(kind.tombstone.version) : 0n;
          batch.removals.push({ id: kind.tombstone.instrumentId, version });
        }
        batch.cursor = change.cursor;
        if (batch.upserts.length + batch.removals.length + batch.invalid.length >= BATCH) {
          await this.federation.applyBatch(partner.id, batch);
          batch = emptyBatch(batch.cursor);
        }
      }
      if (!sawEnd) throw new Error('the change stream ended without its End message');
      await this.federation.applyBatch(partner.id, batch);
      cursor = batch.cursor;
      if (!hasMore) return;
    }
  }
}

function emptyBatch(cursor: string): RemoteBatch {
  return { upserts: [], removals: [], droppedConfidential: 0, invalid: [], cursor };
}

function describe(error: unknown): string {
  const e = error as Partial<ServiceError>;
  if (typeof e?.code === 'number') return `gRPC ${e.code}: ${e.details ?? e.message}`;
  return error instanceof Error ? error.message : String(error);
}
