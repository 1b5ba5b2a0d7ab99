import { ProvinceApiError } from '@app/province-client';
import type { SyncFailure } from '../domain/circuit-breaker';

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
