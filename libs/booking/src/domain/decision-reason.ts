import type { FieldViolation } from '@app/common';

/** C0 controls other than tab and line breaks, and DEL. PostgreSQL text cannot hold NUL at all. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The free-text reason of a cancellation or decision goes into the booking and
 * its audit trail, and is shown to the requester: text a person can read,
 * never control characters (a NUL would fail the write itself).
 */
export function reasonViolation(reason: string | undefined): FieldViolation | undefined {
  return reason !== undefined && CONTROL.test(reason) ? { field: 'reason', message: 'must not contain control characters' } : undefined;
}
