import { UsageOutcome, type UsageRecord } from '@app/contracts';
import { partnerRecordToSession, provinceSessionToSession } from './feed-records';

const BOOKING = '0b9f3a4e-8c2d-4f1a-9e6b-2d7c5a1f0e33';
const shanghai = { id: 'shanghai', region: 'shanghai' as const };
const booking = {
  id: BOOKING,
  instrumentId: 'shanghai:SH-XRD-7',
  ownerPlatform: 'shanghai',
  requesterKind: 'user' as const,
  requesterUnitId: 'jx-u002',
  status: 'confirmed',
  window: { start: new Date('2026-12-10T01:00:00Z'), end: new Date('2026-12-10T03:00:00Z') },
};
const copy = { region: 'shanghai', unitId: 'sh-u17', categoryCode: '0201' };
const record = (over: Partial<UsageRecord> = {}): UsageRecord => ({
  sessionId: 's-1',
  version: '2',
  instrumentId: 'shanghai:SH-XRD-7',
  bookingId: 'remote-9',
  idempotencyKey: `yrd-jiaxing-${BOOKING}`,
  outcome: UsageOutcome.USAGE_OUTCOME_COMPLETED,
  start: booking.window.start,
  end: booking.window.end,
  feeChargedFen: '88800',
  samples: 2,
  cursor: 'u1.9',
  ...over,
});

describe('a partner usage record as our session', () => {
  it('is the use of the partner’s instrument by our booking’s unit: external, owner from our catalog copy', () => {
    const mapped = partnerRecordToSession(record(), shanghai, booking, copy);
    expect(mapped).toEqual({
      ok: true,
      input: expect.objectContaining({
        source: 'partner:shanghai',
        sourceKey: 's-1',
        version: 2,
        ownerRegion: 'shanghai',
        ownerUnitId: 'sh-u17',
        categoryCode: '0201',
        requester: { kind: 'unit', unitId: 'jx-u002', region: 'jiaxing' },
        external: true,
        outcome: 'completed',
        feeChargedFen: 88_800,
        bookingId: BOOKING,
      }),
    });
  });

  it('counts a no-show on our booking’s start, and a natural person as a person', () => {
    const mapped = partnerRecordToSession(
      record({ outcome: UsageOutcome.USAGE_OUTCOME_NO_SHOW, start: undefined, end: undefined, feeChargedFen: '0' }),
      shanghai,
      { ...booking, requesterUnitId: undefined },
      copy,
    );
    expect(mapped.ok && mapped.input).toMatchObject({
      outcome: 'no_show',
      scheduledStart: booking.window.start,
      requester: { kind: 'person', region: 'jiaxing' },
    });
  });

  it.each([
    ['another region’s instrument', record({ instrumentId: 'jiangsu:JS-1' }), booking, /only its own region/],
    ['a key we never sent', record({ idempotencyKey: 'their-own-key' }), undefined, /not sent by us/],
    ['our key for a booking we do not have', record(), undefined, /no booking of ours/],
    ['a booking forwarded elsewhere', record(), { ...booking, ownerPlatform: 'anhui' }, /not forwarded to shanghai/],
    ['another instrument than the booking’s', record({ instrumentId: 'shanghai:SH-OTHER' }), booking, /another instrument/],
    ['a partner’s booking here', record(), { ...booking, requesterKind: 'partner' as const }, /no booking of ours/],
    ['a cancelled booking', record(), { ...booking, status: 'cancelled' }, /^CONFLICT: .*is cancelled/],
    ['a rejected booking', record(), { ...booking, status: 'rejected' }, /is rejected/],
    ['a booking whose forwarding failed', record(), { ...booking, status: 'failed' }, /is failed/],
    ['a booking never confirmed', record(), { ...booking, status: 'forwarding' }, /is forwarding/],
    // The window is China 09:00–11:00 on 12-10: use may be reported from 12-09 00:00 to 12-12 00:00 China time.
    ['a start before the China day before the window', record({ start: new Date('2026-12-08T15:59:59Z') }), booking, /^VALIDATION_FAILED: start\/end/],
    ['an end after the China day after the window', record({ end: new Date('2026-12-11T16:00:01Z') }), booking, /^VALIDATION_FAILED: start\/end/],
  ])('rejects %s, with a code and without naming our booking', (_what, r, b, reason) => {
    const mapped = partnerRecordToSession(r, shanghai, b, copy);
    expect(mapped).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    expect(!mapped.ok && mapped.reason).toMatch(/^[A-Z_]+: /);
    expect(!mapped.ok && mapped.reason).not.toContain(BOOKING);
  });

  it('takes use of a completed or no-show booking, anywhere from the China day before the window to the China day after it', () => {
    const edges = record({ start: new Date('2026-12-08T16:00:00Z'), end: new Date('2026-12-11T16:00:00Z') });
    for (const status of ['confirmed', 'completed', 'no_show'])
      expect(partnerRecordToSession(edges, shanghai, { ...booking, status }, copy)).toMatchObject({ ok: true });
  });

  it('waits (does not reject) while our catalog copy lacks the instrument', () => {
    expect(partnerRecordToSession(record(), shanghai, booking, undefined)).toMatchObject({ ok: false, retry: true });
  });
});

describe('a provincial session as our session', () => {
  const session = {
    sourceKey: 'zj-1',
    version: 1,
    instrumentId: 'zhejiang:ZJ-NMR-1',
    requester: { kind: 'unit' as const, unitId: 'zj-u3', region: 'zhejiang' as const },
    external: false,
    outcome: 'completed' as const,
    start: new Date('2026-10-01T01:00:00Z'),
    end: new Date('2026-10-01T02:00:00Z'),
    feeChargedFen: 0,
    samples: 0,
  };
  const zjCopy = { region: 'zhejiang', unitId: 'zj-u3', categoryCode: '0301' };

  it('keeps the province’s word about Zhejiang: its own unit’s internal use', () => {
    const mapped = provinceSessionToSession(session, zjCopy, false);
    expect(mapped.ok && mapped.input).toMatchObject({
      source: 'province',
      ownerRegion: 'zhejiang',
      ownerUnitId: 'zj-u3',
      requester: { kind: 'unit', unitId: 'zj-u3', region: 'zhejiang' },
      external: false,
    });
  });

  it('never takes one of our units from the province: the region stays, the unit id does not, and the use is external', () => {
    const jiaxing = provinceSessionToSession({ ...session, requester: { kind: 'unit', unitId: 'jx-u001', region: 'jiaxing' } }, zjCopy, true);
    expect(jiaxing.ok && jiaxing.input).toMatchObject({ requester: { kind: 'unit', region: 'jiaxing' }, external: true });
    expect(jiaxing.ok && jiaxing.input.requester).not.toHaveProperty('unitId');
    const disguised = provinceSessionToSession({ ...session, requester: { kind: 'unit', unitId: 'jx-u001', region: 'zhejiang' } }, zjCopy, true);
    expect(disguised.ok && disguised.input).toMatchObject({ requester: { kind: 'unit', region: 'zhejiang' }, external: true });
    expect(disguised.ok && disguised.input.requester).not.toHaveProperty('unitId');
  });

  it('rejects a session on an instrument that is not provincial, and a no-show it cannot place on a day', () => {
    expect(provinceSessionToSession({ ...session, instrumentId: 'jiaxing:jx-u001.SEM' }, zjCopy, false)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/provincial/),
    });
    expect(provinceSessionToSession({ ...session, outcome: 'no_show', start: undefined, end: undefined }, zjCopy, false)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no booked start/),
    });
  });
});
