import { seedBookingId, seededBookingViolations, type SeedBookingInput } from './seeded-booking';

const NOW = new Date('2026-11-29T04:00:00Z');
const at = (iso: string) => new Date(iso);

function completed(over: Partial<SeedBookingInput> = {}): SeedBookingInput {
  return {
    key: 'demo:jiaxing:jx-u001.A:20261110:0',
    instrumentId: 'jiaxing:jx-u001.A',
    ownerPlatform: 'local',
    requester: { kind: 'user', sub: 'demo-user-jx-u001', unitId: 'jx-u001' },
    status: 'completed',
    window: { start: at('2026-11-10T01:00:00Z'), end: at('2026-11-10T03:00:00Z') },
    purpose: 'instrument time',
    requestedAt: at('2026-11-05T02:00:00Z'),
    confirmedAt: at('2026-11-05T02:30:00Z'),
    closedAt: at('2026-11-10T05:00:00Z'),
    closedBy: 'demo-admin-jx-u001',
    completion: { feeChargedFen: 60_000 },
    ...over,
  };
}

describe('seeded bookings', () => {
  it('derive a stable UUID from their key, different for every key', () => {
    const id = seedBookingId('demo:a');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(seedBookingId('demo:a')).toBe(id);
    expect(seedBookingId('demo:b')).not.toBe(id);
  });

  it('accept a closed booking whose trail runs forward in the past', () => {
    expect(seededBookingViolations(completed(), NOW)).toEqual([]);
    expect(seededBookingViolations(completed({ status: 'no_show', completion: undefined, closedAt: at('2026-11-10T02:00:00Z') }), NOW)).toEqual([]);
  });

  it('refuse a trail in the future, backwards, or a closing before the window started', () => {
    const fields = (b: SeedBookingInput) => seededBookingViolations(b, NOW).map((v) => v.field);
    expect(fields(completed({ confirmedAt: at('2026-11-30T00:00:00Z'), closedAt: at('2026-11-30T01:00:00Z') }))).toContain('confirmedAt');
    expect(fields(completed({ confirmedAt: at('2026-11-04T00:00:00Z') }))).toEqual(['confirmedAt']);
    expect(fields(completed({ closedAt: at('2026-11-10T00:30:00Z') }))).toEqual(['closedAt']);
    expect(fields(completed({ closedAt: undefined }))).toEqual(['closedAt']);
  });

  it('keep a confirmed booking for what is still ahead or under way, unclosed', () => {
    const ahead = completed({
      status: 'confirmed',
      window: { start: at('2026-12-01T01:00:00Z'), end: at('2026-12-01T03:00:00Z') },
      closedAt: undefined,
      closedBy: undefined,
      completion: undefined,
    });
    expect(seededBookingViolations(ahead, NOW)).toEqual([]);
    expect(
      seededBookingViolations({ ...ahead, window: { start: at('2026-11-10T01:00:00Z'), end: at('2026-11-10T03:00:00Z') } }, NOW).map((v) => v.field),
    ).toEqual(['window']);
  });
});
