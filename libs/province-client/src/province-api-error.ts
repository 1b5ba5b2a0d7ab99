import type { ProvinceFieldError, ProvinceProblem } from './province-api';

/**
 * How a call to the province failed:
 * - `http`: the province answered with an error status (problem in `problem`);
 * - `timeout`: no complete answer within the call's timeout;
 * - `network`: connection refused or reset, DNS, TLS, body cut off;
 * - `aborted`: the caller's own AbortSignal fired (a shutdown, not a fault);
 * - `invalid_response`: a 2xx whose body is not the contract's (not JSON, wrong shape).
 */
export type ProvinceErrorKind = 'http' | 'timeout' | 'network' | 'aborted' | 'invalid_response';

export interface ProvinceApiErrorInit {
  operation: string;
  kind: ProvinceErrorKind;
  status?: number;
  problem?: ProvinceProblem;
  /** From `Retry-After` (seconds or HTTP date), if the province sent one. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** Statuses worth retrying: the province may answer differently later. */
function transientStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

export class ProvinceApiError extends Error {
  override readonly name = 'ProvinceApiError';
  readonly operation: string;
  readonly kind: ProvinceErrorKind;
  /** HTTP status for `http` (and `invalid_response`) errors, undefined otherwise. */
  readonly status: number | undefined;
  readonly problem: ProvinceProblem | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: ProvinceApiErrorInit, message: string) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.operation = init.operation;
    this.kind = init.kind;
    this.status = init.status;
    this.problem = init.problem;
    this.retryAfterMs = init.retryAfterMs;
  }

  /**
   * Retry (with backoff) or not: 5xx, 429, 408, timeouts and network errors
   * are transient; every other 4xx is permanent (the same request will fail
   * the same way), and so is a response that breaks the contract (the
   * province must be fixed first; retrying in a loop only hides it). A
   * caller's abort is not retried either.
   */
  get transient(): boolean {
    switch (this.kind) {
      case 'timeout':
      case 'network':
        return true;
      case 'http':
        return this.status !== undefined && transientStatus(this.status);
      default:
        return false;
    }
  }

  /** The problem's machine-readable code (`VALIDATION_FAILED`, `WITHDRAWN`, `CURSOR_EXPIRED` …). */
  get code(): string | undefined {
    return this.problem?.code;
  }

  /** The failing fields the province named (400, 409, 422). */
  get fieldErrors(): ProvinceFieldError[] {
    return this.problem?.errors ?? [];
  }
}

export function isProvinceApiError(error: unknown): error is ProvinceApiError {
  return error instanceof ProvinceApiError;
}

/** True for errors worth retrying; unknown errors (bugs) are not. */
export function isTransientProvinceError(error: unknown): boolean {
  return error instanceof ProvinceApiError && error.transient;
}
