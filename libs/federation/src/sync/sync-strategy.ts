import type { PartnerConfig } from '@app/config';
import type { SyncFailure } from '../domain/circuit-breaker';
import type { SourceRow } from '../infrastructure/source-state.repository';

/** `busy`: another run (in this or another process) is syncing the source. */
export type PullOutcome = 'synced' | 'busy' | 'paused' | 'circuit_open' | 'failed' | 'unknown_source';

export type SyncDirection = 'pull' | 'push';

/** What one protocol and direction does in a sync run; SourceRunner does the rest. */
export interface SyncStrategy {
  readonly protocol: PartnerConfig['protocol'];
  readonly direction: SyncDirection;
  /**
   * Pull and push of the source share its health: a failure's reason names its
   * direction, and a success clears only a failure of its own direction (a
   * working pull must not hide a broken push).
   */
  readonly twoWay: boolean;
  /** One run from the source's committed position (read under the run's lock). */
  run(partner: PartnerConfig, source: SourceRow): Promise<void>;
  /** Transient (retried with backoff) or permanent (the circuit opens at once), with a reason for operators. */
  classify(error: unknown): SyncFailure;
}
