import { INSTANT_TEXT, InputContract, isRepresentableInstant, parseInstant, parseInstrumentId, type FieldViolation } from '@app/common';

const INSTRUMENT_ID = { type: 'string', maxLength: 200, 'x-expected': '<region>:<localId>', example: 'jiaxing:jx-u001.JX-SEM-001' } as const;

/** A decoded gRPC Timestamp as the contract's text; one outside 0001–9999 stays as it is, for the contract to refuse. */
export function instantText(value: Date | undefined): string | Date | undefined {
  return value instanceof Date && isRepresentableInstant(value) ? value.toISOString() : value;
}

/**
 * What a schema cannot say of a window given as two instants: each read
 * strictly, the end after the start and, with `max`, not too far after it.
 * Fields the schema already refused are not judged again.
 */
export function windowViolations(
  value: unknown,
  [startField, endField]: [string, string],
  reported: ReadonlySet<string>,
  max?: { ms: number; message: string },
): FieldViolation[] {
  if (typeof value !== 'object' || value === null) return [];
  const body = value as Record<string, unknown>;
  const out: FieldViolation[] = [];
  const instant = (field: string) => {
    if (reported.has(field) || body[field] === undefined) return undefined;
    const parsed = parseInstant(body[field]);
    if (!parsed.ok) out.push({ field, message: parsed.error });
    return parsed.ok ? parsed.value : undefined;
  };
  const [start, end] = [instant(startField), instant(endField)];
  if (start && end) {
    if (end.getTime() <= start.getTime()) out.push({ field: endField, message: `must be after ${startField}` });
    else if (max && end.getTime() - start.getTime() > max.ms) out.push({ field: endField, message: max.message });
  }
  return out;
}

/** An instrument id the schema let through that is not `<region>:<localId>`. */
export function instrumentIdViolations(value: unknown, reported: ReadonlySet<string>): FieldViolation[] {
  const id = (value as { instrumentId?: unknown } | null)?.instrumentId;
  return typeof id === 'string' && !reported.has('instrumentId') && !parseInstrumentId(id)
    ? [{ field: 'instrumentId', message: 'must be <region>:<localId>' }]
    : [];
}

/** How far ahead one look at a calendar or a price reaches. */
const MAX_LOOK_DAYS = 92;
const LOOK = { ms: MAX_LOOK_DAYS * 86_400_000, message: `a window spans at most ${MAX_LOOK_DAYS} days` };

/** An instrument and a window of at most {@link MAX_LOOK_DAYS} days, its two ends named as the route names them. */
function lookInput<T>(name: string, [startField, endField]: [keyof T & string, keyof T & string], examples: [string, string]): InputContract<T> {
  return new InputContract<T>(
    name,
    {
      type: 'object',
      additionalProperties: false,
      required: ['instrumentId', startField, endField],
      properties: {
        instrumentId: INSTRUMENT_ID,
        [startField]: { ...INSTANT_TEXT, description: 'Start of the window, inclusive', example: examples[0] },
        [endField]: { ...INSTANT_TEXT, description: `End of the window, exclusive; at most ${MAX_LOOK_DAYS} days after ${startField}`, example: examples[1] },
      },
    } as never,
    { check: (value, _context, reported) => [...instrumentIdViolations(value, reported), ...windowViolations(value, [startField, endField], reported, LOOK)] },
  );
}

/** An instrument's busy windows in [from, to): `GET /instruments/{id}/availability` and partners' `CheckAvailability`. */
export interface AvailabilityInput {
  instrumentId: string;
  from: string;
  to: string;
}

export const availabilityInput = lookInput<AvailabilityInput>('AvailabilityInput', ['from', 'to'], ['2026-12-01T00:00:00+08:00', '2026-12-08T00:00:00+08:00']);

/** What booking [start, end) would cost the caller: `GET /instruments/{id}/fee-estimate`. */
export interface FeeEstimateInput {
  instrumentId: string;
  start: string;
  end: string;
}

export const feeEstimateInput = lookInput<FeeEstimateInput>('FeeEstimateInput', ['start', 'end'], ['2026-12-01T09:00:00+08:00', '2026-12-01T11:00:00+08:00']);
