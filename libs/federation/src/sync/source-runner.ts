import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { breakerAfter, isOpen } from '../domain/circuit-breaker';
import { SourceStateRepository } from '../infrastructure/source-state.repository';
import type { PullOutcome, SyncStrategy } from './sync-strategy';

/**
 * Runs one sync of a source in one direction, whatever its protocol, with
 * what every run needs: the source must be configured for the strategy's
 * protocol and not paused, its circuit closed, no other run of the same
 * direction in progress in this process or (session lock) in any other;
 * success and failure are recorded on the source (status, lastError,
 * consecutive failures, circuit), and a failure keeps what was committed.
 */
@Injectable()
export class SourceRunner {
  private readonly logger = new Logger('federation');
  /** Runs of one source and direction never overlap in this process (a second one is skipped). */
  private readonly running = new Set<string>();

  constructor(
    private readonly sources: SourceStateRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(sourceId: string, strategy: SyncStrategy): Promise<PullOutcome> {
    const partner = this.config.partners.find((p) => p.id === sourceId);
    const source = await this.sources.source(sourceId);
    if (!partner || partner.protocol !== strategy.protocol || !source) return 'unknown_source';
    if (source.paused) return 'paused';
    if (isOpen({ consecutiveFailures: source.consecutive_failures, openUntil: source.circuit_open_until ?? undefined }, this.clock.now()))
      return 'circuit_open';
    const { direction } = strategy;
    const key = `${direction}:${sourceId}`;
    if (this.running.has(key)) return 'busy';
    this.running.add(key);
    try {
      // The source (and its cursors) is read again under the lock, so a run
      // starts from what the last one committed.
      const outcome = await this.sources.withSourceLock(key, async () => {
        await this.sources.markAttempt(sourceId);
        await strategy.run(partner, (await this.sources.source(sourceId)) ?? source);
        if (strategy.twoWay) await this.sources.markDirectionSuccess(sourceId, direction);
        else await this.sources.markSuccess(sourceId);
        return 'synced' as const;
      });
      return outcome ?? 'busy';
    } catch (error) {
      const failure = strategy.classify(error);
      const latest = (await this.sources.source(sourceId)) ?? source;
      const next = breakerAfter({ consecutiveFailures: latest.consecutive_failures }, failure, this.clock.now());
      await this.sources.markFailure(sourceId, strategy.twoWay ? `${direction}: ${failure.reason}` : failure.reason, next.consecutiveFailures, next.openUntil);
      this.logger.warn(`${direction} ${sourceId} failed (${next.consecutiveFailures} in a row): ${failure.reason}`);
      return 'failed';
    } finally {
      this.running.delete(key);
    }
  }
}
