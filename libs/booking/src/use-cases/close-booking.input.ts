import { INSTANT_TEXT, InputContract, readableText, readCheckedInstant, trimmedTexts } from '@app/common';
import type { Completion } from '../domain/booking-closing';
import { identityDataViolation } from '../domain/identity-data';
import { windowViolations } from './time-window.input';

/** The same bound as an instrument's value: an amount in CNY, whole fen. */
const MAX_FEE_CNY = 1e10;
const MAX_SAMPLES = 100_000;

/**
 * `POST /bookings/{id}/complete`: what really happened, checked before the
 * booking is read — ISO 8601 times with an offset, the fee charged in CNY (0
 * when free: the fee is always stated, Art. 19) and an optional sample count.
 * Where the times may lie (near the booked window, not in the future) is the use-case's rule.
 */
export interface CompleteBookingInput {
  actualStart: string;
  actualEnd: string;
  feeChargedCny: number;
  samples?: number;
}

export const completeBookingInput = new InputContract<CompleteBookingInput>(
  'CompleteBookingInput',
  {
    type: 'object',
    additionalProperties: false,
    required: ['actualStart', 'actualEnd', 'feeChargedCny'],
    properties: {
      actualStart: { ...INSTANT_TEXT, example: '2026-12-01T09:10:00+08:00', description: 'ISO 8601 with an offset' },
      actualEnd: {
        ...INSTANT_TEXT,
        example: '2026-12-01T11:40:00+08:00',
        description: "after actualStart, not in the future; both within the booked window's China days ±1 day",
      },
      feeChargedCny: {
        type: 'number',
        minimum: 0,
        maximum: MAX_FEE_CNY,
        'x-fen': true,
        example: 1250,
        description: 'the fee actually charged, CNY with at most 2 decimals (0 when free; Art. 19)',
      },
      samples: { type: 'integer', nullable: true, minimum: 0, maximum: MAX_SAMPLES },
    },
  },
  { check: (value, _context, reported) => windowViolations(value, ['actualStart', 'actualEnd'], reported) },
);

/** A completion as the domain takes it: the times read, the fee in whole fen. */
export function readCompletion(raw: unknown): Completion {
  const input = completeBookingInput.parse(raw);
  return {
    start: readCheckedInstant(input.actualStart),
    end: readCheckedInstant(input.actualEnd),
    feeChargedFen: Math.round(input.feeChargedCny * 100),
    ...(input.samples !== undefined ? { samples: input.samples } : {}),
  };
}

/** `POST /bookings/{id}/no-show`: an optional note, kept on the booking and its audit and read by the requester — a partner's too (Art. 17). */
export interface RecordNoShowInput {
  note?: string;
}

export const recordNoShowInput = new InputContract<RecordNoShowInput>(
  'RecordNoShowInput',
  {
    type: 'object',
    additionalProperties: false,
    properties: {
      note: readableText(500, { nullable: true, description: "shown to the requester (a partner's too): no phone, ID-card number or e-mail (Art. 17)" }),
    },
  },
  {
    normalise: trimmedTexts('note'),
    check: (value, _context, reported) => {
      const note = (value as RecordNoShowInput | null)?.note;
      const identity = typeof note === 'string' && !reported.has('note') ? identityDataViolation('note', note) : undefined;
      return identity ? [identity] : [];
    },
  },
);

/** A no-show's note as the domain takes it. */
export function readNoShow(raw: unknown): RecordNoShowInput {
  return recordNoShowInput.parse(raw);
}
