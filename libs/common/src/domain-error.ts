/**
 * Every failure a use-case can report. Transports map codes to HTTP / gRPC
 * status exactly once (see @app/platform and the gRPC layer); nothing else
 * decides status codes.
 */
export type DomainErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  /** The window overlaps one already held (HTTP 409; gRPC FAILED_PRECONDITION, as booking.proto documents). */
  | 'SLOT_TAKEN'
  /** An idempotency key reused for a different request (HTTP 422; gRPC ALREADY_EXISTS, as booking.proto documents). */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** A request with the same idempotency key is still being processed: retry (HTTP 409; gRPC ABORTED). */
  | 'REQUEST_IN_FLIGHT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'PRECONDITION_FAILED'
  | 'UNPROCESSABLE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAVAILABLE'
  /** Too many requests from one client in a window; `details.retryAfterSeconds` says when to come back. */
  | 'RATE_LIMITED';

export interface FieldViolation {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: {
      violations?: FieldViolation[];
      [key: string]: unknown;
    } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string): DomainError {
    return new DomainError('NOT_FOUND', `${what} not found`);
  }

  static validation(violations: FieldViolation[]): DomainError {
    const summary = violations.map((v) => `${v.field}: ${v.message}`).join('; ');
    return new DomainError('VALIDATION_FAILED', summary, { violations });
  }

  static forbidden(message: string): DomainError {
    return new DomainError('FORBIDDEN', message);
  }

  static conflict(message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError('CONFLICT', message, details);
  }
}
