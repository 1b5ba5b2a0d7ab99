import { MAX_POWER_EVENTS_PER_BATCH } from '../domain/power-event';
import { powerEventBatchInput, readPowerEventBatch } from './power-events.input';

const event = (i: number) => ({
  eventId: `e-${i}`,
  instrumentId: 'jiaxing:jx-u001.CL-1',
  start: '2026-12-01T08:30:00+08:00',
  end: '2026-12-01T10:00:00+08:00',
});
const fields = (body: unknown) => {
  const check = powerEventBatchInput.check(body);
  return check.ok ? [] : check.violations.map((v) => v.field);
};

describe("an IoT gateway's batch of power-on events", () => {
  it('is read with its times', () => {
    expect(readPowerEventBatch({ events: [event(1)] })).toEqual([
      { eventId: 'e-1', instrumentId: 'jiaxing:jx-u001.CL-1', start: new Date('2026-12-01T00:30:00Z'), end: new Date('2026-12-01T02:00:00Z') },
    ]);
  });

  it('is refused whole for a time without an offset, an unknown field, no events or too many, naming where', () => {
    expect(fields({ events: [event(1), { ...event(2), start: '2026-12-01T11:30:00' }] })).toEqual(['events[1].start']);
    expect(fields({ events: [{ ...event(1), power: 3 }], gateway: 'gw-a' })).toEqual(['gateway', 'events[0].power']);
    expect(fields({ events: [] })).toEqual(['events']);
    expect(fields({ events: Array.from({ length: MAX_POWER_EVENTS_PER_BATCH + 1 }, (_, i) => event(i)) })).toEqual(['events']);
    expect(fields(undefined)).toEqual(['(root)']);
  });
});
