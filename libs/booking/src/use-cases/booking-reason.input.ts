import { InputContract, READABLE_TEXT, READABLE_TEXT_MESSAGE } from '@app/common';
import { identityDataViolation } from '../domain/identity-data';

/**
 * The reason of a cancellation or an owner's decision (`POST /bookings/{id}/cancel|approve|reject`,
 * partners' `CancelBooking`): it goes into the booking and its audit trail and
 * is shown to the requester — a partner's user too.
 */
export interface BookingReasonInput {
  reason?: string;
}

export const bookingReasonInput = new InputContract<BookingReasonInput>(
  'BookingReasonInput',
  {
    type: 'object',
    additionalProperties: false,
    properties: {
      reason: {
        type: 'string',
        nullable: true,
        maxLength: 500,
        pattern: READABLE_TEXT,
        'x-message': READABLE_TEXT_MESSAGE,
        description: "Shown to the requester, a partner platform's user too: no phone, ID-card number or e-mail (Art. 17)",
      },
    },
  },
  {
    // No body is no reason; a blank reason is none.
    normalise(value) {
      if (value === undefined || value === null) return {};
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const body = { ...(value as Record<string, unknown>) };
      if (typeof body.reason === 'string') body.reason = body.reason.trim();
      if (body.reason === '') delete body.reason;
      return body;
    },
    // Art. 17: the reason travels to the owning platform, and to a partner that made the booking.
    check: (value, _context, reported) => {
      const reason = (value as BookingReasonInput | null)?.reason;
      const identity = typeof reason === 'string' && !reported.has('reason') ? identityDataViolation('reason', reason) : undefined;
      return identity ? [identity] : [];
    },
  },
);
