import { seedBookingId } from '@app/booking';
import { generateCatalog } from './generate-catalog';
import { generateUsage, type GenerateUsageOptions } from './generate-usage';

const NOW = new Date('2026-11-29T04:00:00Z');
const DAY = 86_400_000;

function options(now = NOW): GenerateUsageOptions {
  return {
    home: { region: 'jiaxing', ...generateCatalog({ region: 'jiaxing', count: 300, seed: 1 }) },
    partners: (['shanghai', 'jiangsu', 'anhui'] as const).map((region) => ({
      region,
      source: `partner:${region}` as const,
      ...generateCatalog({ region, count: 200, seed: 1 }),
    })),
    now,
    seed: 1,
  };
}

describe('generateUsage', () => {
  const usage = generateUsage(options());
  const completed = usage.sessions.filter((s) => s.outcome === 'completed');

  it('is deterministic, and a later run reproduces every earlier session with the same key', () => {
    expect(JSON.stringify(generateUsage(options()))).toBe(JSON.stringify(usage));
    const later = new Map(generateUsage(options(new Date(NOW.getTime() + 3 * DAY))).sessions.map((s) => [`${s.source}|${s.sourceKey}`, JSON.stringify(s)]));
    // The later windows start three days later (a year for some instruments, 60 days for most);
    // idle instruments stay silent for the same span before its today.
    const idle = new Set(usage.idle.map((i) => i.instrumentId));
    const at = (s: (typeof usage.sessions)[number]) => (s.start ?? s.scheduledStart)!.getTime();
    const recent = usage.sessions.filter((s) => !idle.has(s.instrumentId) && at(s) >= NOW.getTime() + 3 * DAY - 57 * DAY);
    expect(recent.length).toBeGreaterThan(1_000);
    for (const s of recent) expect(later.get(`${s.source}|${s.sourceKey}`)).toBe(JSON.stringify(s));
    const kept = usage.sessions.filter((s) => later.has(`${s.source}|${s.sourceKey}`));
    expect(kept.length).toBeGreaterThan(usage.sessions.length * 0.9);
    for (const s of kept) expect(later.get(`${s.source}|${s.sourceKey}`)).toBe(JSON.stringify(s));
  });

  it('puts a booking behind every session of our instruments, closed as the session says, and books ahead', () => {
    const byKey = new Map(usage.bookings.map((b) => [b.key, b]));
    const local = usage.sessions.filter((s) => s.ownerRegion === 'jiaxing');
    expect(usage.bookings.filter((b) => b.status !== 'confirmed')).toHaveLength(local.length);
    for (const s of local) {
      const b = byKey.get(s.sourceKey)!;
      expect(s.bookingId).toBe(seedBookingId(b.key));
      expect(b.status).toBe(s.outcome);
      expect(s.bookingChannel).toBe(b.requester.kind === 'user' ? 'http' : `partner:${b.requester.partnerId}`);
      expect(b.window.start.getTime()).toBe((s.start ?? s.scheduledStart)!.getTime());
      expect(b.requestedAt <= b.confirmedAt && b.confirmedAt <= b.closedAt! && b.closedAt! <= NOW && b.closedAt! >= b.window.start).toBe(true);
    }
    // Partners' users book under their pseudonyms, and the session names only their region.
    const partnerBooked = local.filter((s) => s.bookingChannel !== 'http');
    expect(partnerBooked.length).toBeGreaterThan(0);
    for (const s of partnerBooked) expect(s.requester).toEqual({ kind: 'unit', region: s.bookingChannel!.slice('partner:'.length) });
    // Ahead: confirmed, within two weeks, never two at once on one instrument.
    const ahead = usage.bookings.filter((b) => b.status === 'confirmed');
    expect(ahead.length).toBeGreaterThan(10);
    for (const b of ahead) expect(b.window.end > NOW && b.window.start.getTime() < NOW.getTime() + 15 * DAY && b.confirmedAt <= NOW).toBe(true);
    const windows = new Map<string, { start: number; end: number }[]>();
    for (const b of ahead)
      windows.set(b.instrumentId, [...(windows.get(b.instrumentId) ?? []), { start: b.window.start.getTime(), end: b.window.end.getTime() }]);
    for (const list of windows.values()) {
      list.sort((a, b) => a.start - b.start);
      for (let i = 1; i < list.length; i++) expect(list[i].start).toBeGreaterThanOrEqual(list[i - 1].end);
    }
    // Two weeks later, each booking that was ahead is the one its day's history closes.
    const after = new Map(generateUsage(options(new Date(NOW.getTime() + 15 * DAY))).bookings.map((b) => [b.key, b]));
    for (const b of ahead) {
      const closed = after.get(b.key)!;
      expect(['completed', 'no_show']).toContain(closed.status);
      expect({ window: closed.window, requester: closed.requester }).toEqual({ window: b.window, requester: b.requester });
    }
  });

  it('gives every instrument of ours use, and keeps only a handful idle (no use for over a month)', () => {
    const home = options().home;
    const lastUse = new Map<string, number>();
    const note = (id: string, t: number) => lastUse.set(id, Math.max(lastUse.get(id) ?? 0, t));
    for (const s of completed) note(s.instrumentId, s.end!.getTime());
    for (const b of usage.power) for (const e of b.events) note(e.instrumentId, e.end.getTime());
    const cutoff = NOW.getTime() - 31 * DAY;
    // Accepted (and running) for over a month: Art. 15 can find them idle.
    const running = home.instruments
      .filter((i) => i.acceptanceDate && Date.parse(i.acceptanceDate) + 3 * DAY < cutoff)
      .map((i) => `jiaxing:${i.unitId}.${i.localId}`);
    expect(running.length).toBeGreaterThan(250);
    const idle = running.filter((id) => (lastUse.get(id) ?? 0) < cutoff);
    expect(idle.sort()).toEqual(usage.idle.map((i) => i.instrumentId).sort());
    expect(idle.length).toBeGreaterThan(0);
    expect(idle.length).toBeLessThanOrEqual(5);
  });

  it('has our instruments used by every region, and Jiaxing users on every partner region', () => {
    const pairs = new Set(completed.map((s) => `${s.ownerRegion}<-${s.requester.region}:${s.requester.kind}`));
    for (const p of ['shanghai', 'jiangsu', 'anhui']) {
      expect(pairs).toContain(`jiaxing<-${p}:unit`);
      expect(pairs).toContain(`${p}<-jiaxing:unit`);
      expect(pairs).toContain(`${p}<-jiaxing:person`);
    }
    expect(pairs).toContain('jiaxing<-jiaxing:unit');
    expect(pairs).toContain('jiaxing<-jiaxing:person');
    expect(completed.some((s) => s.ownerRegion === 'jiaxing' && !s.external)).toBe(true);
    expect(usage.sessions.some((s) => s.outcome === 'no_show')).toBe(true);
  });

  it('puts nothing in the future', () => {
    for (const s of completed) expect(s.end!.getTime()).toBeLessThanOrEqual(NOW.getTime());
    for (const s of usage.sessions.filter((x) => x.outcome === 'no_show')) expect(s.scheduledStart!.getTime()).toBeLessThanOrEqual(NOW.getTime());
    for (const b of usage.power) for (const e of b.events) expect(e.end.getTime()).toBeLessThanOrEqual(NOW.getTime());
  });

  it('never has two sessions at once on one instrument', () => {
    const byInstrument = new Map<string, { start: number; end: number }[]>();
    for (const s of completed)
      byInstrument.set(s.instrumentId, [...(byInstrument.get(s.instrumentId) ?? []), { start: s.start!.getTime(), end: s.end!.getTime() }]);
    for (const list of byInstrument.values()) {
      list.sort((a, b) => a.start - b.start);
      for (let i = 1; i < list.length; i++) expect(list[i].start).toBeGreaterThanOrEqual(list[i - 1].end);
    }
  });

  it('keeps the idle instruments silent for over a month before today', () => {
    expect(usage.idle.length).toBeGreaterThan(0);
    const cutoff = NOW.getTime() - 31 * DAY;
    for (const { instrumentId } of usage.idle) {
      for (const s of usage.sessions.filter((x) => x.instrumentId === instrumentId)) expect((s.end ?? s.scheduledStart)!.getTime()).toBeLessThan(cutoff);
      for (const b of usage.power) for (const e of b.events.filter((x) => x.instrumentId === instrumentId)) expect(e.end.getTime()).toBeLessThan(cutoff);
    }
  });

  it('shows the sensor on during every session of an instrument with a sensor, and on its own at times', () => {
    const sensorIds = new Set(usage.power.flatMap((b) => b.events.map((e) => e.instrumentId)));
    const sensored = new Set(
      options()
        .home.instruments.filter((i) => i.iotSensorId)
        .map((i) => `jiaxing:${i.unitId}.${i.localId}`),
    );
    for (const id of sensorIds) expect(sensored).toContain(id);
    const runs = new Map<string, { start: number; end: number }[]>();
    for (const b of usage.power)
      for (const e of b.events) runs.set(e.instrumentId, [...(runs.get(e.instrumentId) ?? []), { start: e.start.getTime(), end: e.end.getTime() }]);
    let homeSensorSessions = 0;
    for (const s of completed.filter((x) => x.ownerRegion === 'jiaxing' && sensored.has(x.instrumentId))) {
      homeSensorSessions += 1;
      expect(runs.get(s.instrumentId)!.some((r) => r.start <= s.start!.getTime() && r.end >= s.end!.getTime())).toBe(true);
    }
    expect(homeSensorSessions).toBeGreaterThan(0);
    const alone = [...runs.entries()].some(([id, list]) =>
      list.some((r) => !completed.some((s) => s.instrumentId === id && s.start!.getTime() < r.end && r.start < s.end!.getTime())),
    );
    expect(alone).toBe(true);
  });

  it('works office hours on working days, and charges from the fee standard', () => {
    const hours = completed.map((s) => (s.start!.getUTCHours() + 8) % 24);
    expect(hours.every((h) => h >= 8 && h < 19)).toBe(true);
    const weekend = completed.filter((s) => [0, 6].includes(new Date(s.start!.getTime() + 8 * 3600_000).getUTCDay())).length;
    expect(weekend / completed.length).toBeLessThan(0.1);
    const withFee = completed.filter((s) => s.feeChargedFen !== undefined);
    expect(withFee.length / completed.length).toBeGreaterThan(0.8);
    // The external tariff is never below the internal one, so another unit pays at least as much per hour on one instrument.
    expect(withFee.every((s) => Number.isSafeInteger(s.feeChargedFen) && s.feeChargedFen! > 0)).toBe(true);
  });
});
