import { INSTANT_TEXT, InputContract, READABLE_TEXT, READABLE_TEXT_MESSAGE, type FieldViolation } from '@app/common';
import { identityDataViolation } from '../domain/identity-data';
import { instrumentIdViolations, windowViolations } from './time-window.input';

/** A booking lasts at most two weeks. */
export const MAX_BOOKING_HOURS = 14 * 24;

/**
 * A booking request from any channel: `POST /api/v1/bookings`, and partners'
 * `CreateBooking` with its Timestamps as ISO 8601 text. The times are read
 * strictly (2027-02-30 is refused, not moved to March); where the window may
 * lie relative to now is the use-case's rule (lead time, 366 days ahead).
 */
export interface CreateBookingInput {
  instrumentId: string;
  start: string;
  end: string;
  purpose: string;
  sampleDescription?: string;
}

export const createBookingInput = new InputContract<CreateBookingInput>(
  'CreateBookingInput',
  {
    type: 'object',
    additionalProperties: false,
    required: ['instrumentId', 'start', 'end', 'purpose'],
    properties: {
      instrumentId: { type: 'string', maxLength: 200, 'x-expected': '<region>:<localId>', example: 'jiaxing:jx-u001.JX-SEM-001' },
      start: {
        ...INSTANT_TEXT,
        description: 'Start of the window, ISO 8601 with an offset; not in the past (nor within BOOKING_MIN_LEAD_MINUTES), at most 366 days ahead',
      },
      end: { ...INSTANT_TEXT, description: `After start; a booking lasts at most ${MAX_BOOKING_HOURS} hours` },
      purpose: {
        type: 'string',
        minLength: 1,
        maxLength: 500,
        pattern: READABLE_TEXT,
        'x-message': READABLE_TEXT_MESSAGE,
        'x-expected': '1–500 characters of text',
        description: 'What the instrument is booked for; sent to the owning platform, so no phone, ID-card number or e-mail (Art. 17)',
      },
      sampleDescription: {
        type: 'string',
        nullable: true,
        maxLength: 2000,
        pattern: READABLE_TEXT,
        'x-message': READABLE_TEXT_MESSAGE,
        description: 'The samples, if any; no identity data (Art. 17)',
      },
    },
  },
  {
    normalise(value) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      const body = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, (k === 'purpose' || k === 'sampleDescription') && typeof v === 'string' ? v.trim() : v]),
      );
      if (body.sampleDescription === '') delete body.sampleDescription;
      return body;
    },
    check(value, _context, reported) {
      if (typeof value !== 'object' || value === null) return [];
      const body = value as Record<string, unknown>;
      const out: FieldViolation[] = [
        ...instrumentIdViolations(value, reported),
        ...windowViolations(value, ['start', 'end'], reported, {
          ms: MAX_BOOKING_HOURS * 3600_000,
          message: `a booking lasts at most ${MAX_BOOKING_HOURS} hours`,
        }),
      ];
      for (const field of ['purpose', 'sampleDescription'] as const) {
        // Art. 17: the text travels to the owning platform; a person's contact or identity data must not.
        const identity = typeof body[field] === 'string' && !reported.has(field) ? identityDataViolation(field, body[field]) : undefined;
        if (identity) out.push(identity);
      }
      return out;
    },
  },
);
