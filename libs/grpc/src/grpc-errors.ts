import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { DomainError, type DomainErrorCode } from '@app/common';

/** The one mapping from domain error codes to gRPC status. */
export const GRPC_STATUS_OF: Record<DomainErrorCode, status> = {
  VALIDATION_FAILED: status.INVALID_ARGUMENT,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  FORBIDDEN: status.PERMISSION_DENIED,
  NOT_FOUND: status.NOT_FOUND,
  CONFLICT: status.ALREADY_EXISTS,
  SLOT_TAKEN: status.FAILED_PRECONDITION,
  IDEMPOTENCY_KEY_REUSED: status.ALREADY_EXISTS,
  REQUEST_IN_FLIGHT: status.ABORTED,
  PRECONDITION_FAILED: status.FAILED_PRECONDITION,
  PAYLOAD_TOO_LARGE: status.RESOURCE_EXHAUSTED,
  UNPROCESSABLE: status.FAILED_PRECONDITION,
  UNAVAILABLE: status.UNAVAILABLE,
  RATE_LIMITED: status.RESOURCE_EXHAUSTED,
};

/** A transport-level outcome with no domain meaning (deadline, server limits): sent with its own status. */
export class GrpcStatusError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The status message travels percent-encoded in an HTTP/2 trailer; a message
 * quoting a 60 kB id outgrew what clients accept, and the call hung until its
 * deadline instead of failing. Messages are cut to this many characters.
 */
const MAX_DETAILS = 1_000;

/** A status error for the wire: domain errors keep their message (cut to MAX_DETAILS), anything else says nothing about internals. */
export function toServiceError(error: unknown): Partial<ServiceError> & { code: status } {
  if (error instanceof DomainError) {
    const metadata = new Metadata();
    const retryAfter = error.details.retryAfterSeconds;
    if (typeof retryAfter === 'number') {
      // `retry-after` for people and scripts; `grpc-retry-pushback-ms` is what grpc-js's own retry policy honours.
      metadata.set('retry-after', String(retryAfter));
      metadata.set('grpc-retry-pushback-ms', String(retryAfter * 1000));
    }
    // Cut by code points, so a surrogate pair is never split.
    const details =
      error.message.length > MAX_DETAILS
        ? `${Array.from(error.message)
            .slice(0, MAX_DETAILS - 1)
            .join('')}…`
        : error.message;
    return { code: GRPC_STATUS_OF[error.code], details, metadata };
  }
  if (error instanceof GrpcStatusError) return { code: error.code, details: error.message, metadata: new Metadata() };
  return { code: status.INTERNAL, details: 'internal error; it has been logged', metadata: new Metadata() };
}
