import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { DomainError, type DomainErrorCode } from '@app/common';

/** The one mapping from domain error codes to gRPC status. */
export const GRPC_STATUS_OF: Record<DomainErrorCode, status> = {
  VALIDATION_FAILED: status.INVALID_ARGUMENT,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  FORBIDDEN: status.PERMISSION_DENIED,
  NOT_FOUND: status.NOT_FOUND,
  CONFLICT: status.ALREADY_EXISTS,
  PRECONDITION_FAILED: status.FAILED_PRECONDITION,
  PAYLOAD_TOO_LARGE: status.RESOURCE_EXHAUSTED,
  UNPROCESSABLE: status.FAILED_PRECONDITION,
  UNAVAILABLE: status.UNAVAILABLE,
};

/**
 * The status message travels percent-encoded in an HTTP/2 trailer; a message
 * quoting a 60 kB id outgrew what clients accept, and the call hung until its
 * deadline instead of failing. Messages are cut to this many characters.
 */
const MAX_DETAILS = 1_000;

/** A status error for the wire: domain errors keep their message (cut to MAX_DETAILS), anything else says nothing about internals. */
export function toServiceError(error: unknown): Partial<ServiceError> & { code: status } {
  if (error instanceof DomainError) {
    // Cut by code points, so a surrogate pair is never split.
    const details = error.message.length > MAX_DETAILS ? `${Array.from(error.message).slice(0, MAX_DETAILS - 1).join('')}…` : error.message;
    return { code: GRPC_STATUS_OF[error.code], details, metadata: new Metadata() };
  }
  return { code: status.INTERNAL, details: 'internal error; it has been logged', metadata: new Metadata() };
}
