import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@app/common';
import { APP_CONFIG, type AppConfig, type PartnerConfig } from '@app/config';
import { ProvinceApiError } from '@app/province-client';
import { breakerAfter, isOpen, type SyncFailure } from '../domain/circuit-breaker';
import { FederationRepository, type SourceRow } from '../infrastructure/federation.repository';
import type { PullOutcome } from '../use-cases/pull-source.usecase';

export type SyncDirection = 'pull' | 'push';

/**
 * Transient (5xx, 429, 408, timeouts, network: the same call may work later)
 * or permanent (other 4xx, an answer that breaks the contract: it will fail
 * the same way until someone fixes it). Errors that are not the province's
 * (our own database, say) count as transient.
 */
export function classifyFailure(error: unknown): SyncFailure {
  if (error instanceof ProvinceApiError) {
    return {
      reason: `${error.message} (${error.transient ? 'transient, retried with backoff' : 'permanent, not retried until the circuit half-opens'})`,
      transient: error.transient,
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    };
  }
  return { reason: error instanceof Error ? error.message : String(error), transient: true };
}

/**
 * Runs one pull or one push of an OpenAPI partner with what every sync run
 * needs: the source must be configured and not paused, its circuit closed,
 * no other run of the same direction in progress in this process; success
 * and failure are recorded on the source (status, lastError prefixed with
 * the direction, consecutive failures, circuit). Pull and push share the
 * source's health: the province being down shows once, whichever noticed.
 */
@Injectable()
export class ProvinceSourceRunner {
  private readonly logger = new Logger('federation');
  private readonly running = new Set<string>();

  constructor(
    private readonly federation: FederationRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(sourceId: string, direction: SyncDirection, work: (partner: PartnerConfig, source: SourceRow) => Promise<void>): Promise<PullOutcome> {
    const partner = this.config.partners.find((p) => p.id === sourceId);
    const source = await this.federation.source(sourceId);
    if (!partner || partner.protocol !== 'openapi' || !source) return 'unknown_source';
    if (source.paused) return 'paused';
    if (isOpen({ consecutiveFailures: source.consecutive_failures, openUntil: source.circuit_open_until ?? undefined }, this.clock.now())) return 'circuit_open';
    const key = `${direction}:${sourceId}`;
    if (this.running.has(key)) return 'busy';
    this.running.add(key);
    try {
      // One run per source and direction across every worker process; the
      // source (and its cursors) is read again under the lock.
      const outcome = await this.federation.withSourceLock(key, async () => {
        await this.federation.touchAttempt(sourceId);
        await work(partner, (await this.federation.source(sourceId)) ?? source);
        await this.federation.markDirectionSuccess(sourceId, direction);
        return 'synced' as const;
      });
      return outcome ?? 'busy';
    } catch (error) {
      const failure = classifyFailure(error);
      const latest = (await this.federation.source(sourceId)) ?? source;
      const next = breakerAfter({ consecutiveFailures: latest.consecutive_failures }, failure, this.clock.now());
      await this.federation.markFailure(sourceId, `${direction}: ${failure.reason}`, next.consecutiveFailures, next.openUntil);
      this.logger.warn(`${direction} ${sourceId} failed (${next.consecutiveFailures} in a row): ${failure.reason}`);
      return 'failed';
    } finally {
      this.running.delete(key);
    }
  }
}
