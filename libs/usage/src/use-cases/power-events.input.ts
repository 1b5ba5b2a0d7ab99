import { INSTANT_TEXT, InputContract, parseInstant, readCheckedInstant, type FieldViolation } from '@app/common';
import { MAX_POWER_EVENTS_PER_BATCH, type PowerEventInput } from '../domain/power-event';

/**
 * `POST /usage/power-events`: a batch of power-on intervals,
 * `{events: [{eventId, instrumentId, start, end}]}`. A batch whose shape is
 * wrong (an unknown field, a time without an offset) is refused whole, so
 * nothing of it is stored; what an event says (its interval, its instrument)
 * is judged per event by the ingest.
 */
export interface PowerEventBatchInput {
  events: { eventId: string; instrumentId: string; start: string; end: string }[];
}

export const powerEventBatchInput = new InputContract<PowerEventBatchInput>(
  'PowerEventBatchInput',
  {
    type: 'object',
    additionalProperties: false,
    required: ['events'],
    properties: {
      events: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_POWER_EVENTS_PER_BATCH,
        'x-items': 'events (send more batches)',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['eventId', 'instrumentId', 'start', 'end'],
          properties: {
            eventId: {
              type: 'string',
              minLength: 1,
              maxLength: 256,
              description: "the gateway's own id of this power-on interval (1–128 printable ASCII): a resent event is recognised by it",
              example: 'sem-7800f-20261201-0001',
            },
            instrumentId: { type: 'string', minLength: 1, maxLength: 256, example: 'jiaxing:jx-u001.JX-SEM-001' },
            start: { ...INSTANT_TEXT, example: '2026-12-01T08:55:00+08:00' },
            end: { ...INSTANT_TEXT, example: '2026-12-01T12:20:00+08:00' },
          },
        },
      },
    },
  },
  {
    check(value, _context, reported) {
      const events = (value as { events?: unknown } | null)?.events;
      if (!Array.isArray(events) || reported.has('events')) return [];
      const out: FieldViolation[] = [];
      events.forEach((e, i) => {
        for (const key of ['start', 'end'] as const) {
          const field = `events[${i}].${key}`;
          const text = (e as Record<string, unknown> | null)?.[key];
          if (typeof text !== 'string' || reported.has(field) || reported.has(`events[${i}]`)) continue;
          const parsed = parseInstant(text);
          if (!parsed.ok) out.push({ field, message: parsed.error });
        }
      });
      return out;
    },
  },
);

/** The batch as the ingest takes it: times read. */
export function readPowerEventBatch(raw: unknown): PowerEventInput[] {
  return powerEventBatchInput.parse(raw).events.map((e) => ({
    eventId: e.eventId,
    instrumentId: e.instrumentId,
    start: readCheckedInstant(e.start),
    end: readCheckedInstant(e.end),
  }));
}
