import { instrumentId, type Region } from '@app/common';
import type { InstrumentInput, ManagementUnit } from '@app/catalog';
import { classifyInstrument, estimateFee, isWorkingDay } from '@app/policy';
import type { PowerEventInput, UsageSessionInput } from '@app/usage';
import { formatDay, parseDay } from './civil-date';
import { hashString, mix32, Rng } from './prng';

// Module-local aliases (see prng.ts: globals are slow under Jest's vm sandbox).
const { round, min, max, floor, exp } = Math;

const MINUTE = 60_000;
const DAY_MS = 86_400_000;
/** China is UTC+8 all year: a China wall-clock minute → an instant. */
const CHINA_OFFSET_MIN = 8 * 60;

/** A region's catalog as the generator needs it; partners also name the feed their sessions come from. */
export interface UsageCatalog {
  region: Region;
  units: readonly ManagementUnit[];
  instruments: readonly InstrumentInput[];
}

export interface GenerateUsageOptions {
  /** Our own catalog (Jiaxing): every monitoring and compliance view reads its instruments. */
  home: UsageCatalog;
  /** The YRD partners whose instruments Jiaxing users use; `source` is their usage feed (`partner:<id>`). */
  partners: readonly (UsageCatalog & { source: `partner:${string}` })[];
  /** History ends here: no session or power-on interval ends after it. */
  now: Date;
  /** Days of history before today (default 365). */
  days?: number;
  /** Same seed, catalogs and `now` → the same history. Default 1. */
  seed?: number;
  /**
   * Our instruments per unit that report their use (default 4): a year of
   * realistic use of every instrument is ~10^5 instrument-days, more than an
   * embedded demo should roll up at start. The others have no record (their
   * idleness is "unknown", Art. 15), which is also what a platform sees of
   * instruments not yet connected.
   */
  reportingPerUnit?: number;
}

/** One IoT gateway's report: the demo gives each unit with sensors its own gateway, `<unitId>-iot`. */
export interface PowerEventBatch {
  gatewayId: string;
  unitId: string;
  events: PowerEventInput[];
}

export interface GeneratedUsage {
  sessions: UsageSessionInput[];
  power: PowerEventBatch[];
  /** Jiaxing instruments kept silent (no session, no power-on) for over a month before today (Art. 15). */
  idle: { instrumentId: string; lastUsedDay?: string }[];
}

export const USAGE_SEED_RECORDER = 'demo-seed';

/** How many of our instruments the demo keeps idle, and how long (days before today) they have been silent. */
const IDLE_INSTRUMENTS = 4;
const IDLE_GAP_DAYS: readonly [number, number] = [40, 200];

/**
 * Who uses one of our shareable instruments (Art. 19 external price for all but the own unit).
 * Weights: own unit, another Jiaxing unit, a natural person, then each partner region.
 */
const HOME_REQUESTERS = { own: 0.46, otherLocal: 0.24, person: 0.08, partner: 0.22 } as const;
/** A booked slot nobody turned up for. */
const NO_SHOW_RATE = 0.04;
/** Partner instruments (per partner) Jiaxing users use over the year. */
const PARTNER_USED = 8;

/**
 * Relative demand by national class (first two digits of the category code):
 * analytical (01) and medical (12) instruments run most days, process and
 * special equipment far less. Multiplies each instrument's own busy-ness.
 */
const CLASS_INTENSITY: Readonly<Record<string, number>> = { '01': 1, '02': 0.75, '03': 0.8, '12': 0.9, '04': 0.55, '09': 0.6 };
const DEFAULT_INTENSITY = 0.45;

/** Probability an instrument of intensity 1 is used on a working day; weekends and holidays a sliver of it. */
const WORKDAY_USE = 0.5;
const OFF_DAY_FACTOR = 0.08;

interface Target {
  id: string;
  region: Region;
  unitId: string;
  categoryCode: string;
  fee?: InstrumentInput['fee'];
  firstDay: number;
  shareable: boolean;
  sensor?: string;
}

function chinaInstant(day: number, minuteOfDay: number): Date {
  return new Date(day * DAY_MS + (minuteOfDay - CHINA_OFFSET_MIN) * MINUTE);
}

function chinaDayOf(instant: Date): number {
  return floor((instant.getTime() + CHINA_OFFSET_MIN * MINUTE) / DAY_MS);
}

function compactDay(day: number): string {
  return formatDay(day).replace(/-/g, '');
}

function targets(catalog: UsageCatalog, asOf: string): Target[] {
  return catalog.instruments.map((i) => ({
    id: instrumentId(catalog.region, i.unitId, i.localId),
    region: catalog.region,
    unitId: i.unitId,
    categoryCode: i.categoryCode,
    fee: i.fee,
    // Installed and accepted first; a few days to get it running.
    firstDay: i.acceptanceDate ? parseDay(i.acceptanceDate)! + 3 : -Infinity,
    shareable: classifyInstrument(i, asOf).shareable,
    sensor: i.iotSensorId,
  }));
}

/** Fee actually charged (Art. 19): the instrument's standard at the requester's tariff; per sample, by the samples run. */
function charge(t: Target, start: Date, end: Date, requesterUnitId: string | undefined, samples: number): number | undefined {
  const estimate = estimateFee(t.fee, { start, end }, { ownerUnitId: t.unitId, requesterUnitId });
  if (!estimate) return undefined;
  const total = estimate.totalCny ?? estimate.unitPriceCny * samples + estimate.setupFeeCny;
  return round(total * 100);
}

/**
 * A deterministic year of use up to `now`: sessions (completed and no-shows)
 * of our instruments by their own unit, other Jiaxing units, natural persons
 * and every partner region's units, sessions of partner instruments by
 * Jiaxing users, and IoT power-on runs around the sessions (and on their own)
 * for our instruments with a sensor. Working days in office hours, demand by
 * category, fees from each instrument's standard. A day's content depends
 * only on the seed, the instrument and the day, never on `now`: a later run
 * reproduces every earlier session with the same key and adds only what
 * happened since (idle instruments stay silent for the same span before today).
 */
export function generateUsage(opts: GenerateUsageOptions): GeneratedUsage {
  const seed = opts.seed ?? 1;
  const nowMs = opts.now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError('now must be a valid date');
  const today = chinaDayOf(opts.now);
  const firstDay = today - (opts.days ?? 365);
  const asOf = formatDay(today);
  const rng = new Rng(0);

  const perUnit = opts.reportingPerUnit ?? 4;
  const home = pickPerGroup(targets(opts.home, asOf), (t) => t.unitId, perUnit, `reporting|${seed}`);
  const homeUnits = opts.home.units.map((u) => u.id);
  const partnerUnits = opts.partners.map((p) => ({ region: p.region, units: p.units.map((u) => u.id) }));

  // The idle few: shareable instruments running for over a year, silent for 40–200 days.
  const idleGap = new Map<string, number>();
  const idleCandidates = home
    .filter((t) => t.shareable && t.firstDay < firstDay)
    .map((t) => ({ t, rank: mix32(hashString(`idle|${seed}|${t.id}`)) }))
    .sort((a, b) => a.rank - b.rank)
    .slice(0, IDLE_INSTRUMENTS);
  for (const { t, rank } of idleCandidates) idleGap.set(t.id, IDLE_GAP_DAYS[0] + (rank % (IDLE_GAP_DAYS[1] - IDLE_GAP_DAYS[0])));

  // The PRC working-day calendar (holidays and adjusted workdays), looked up once per day.
  const working = new Map<number, boolean>();
  for (let day = firstDay; day <= today; day++) working.set(day, isWorkingDay(formatDay(day)));
  const sessions: UsageSessionInput[] = [];
  const powerByUnit = new Map<string, PowerEventInput[]>();
  const lastUsed = new Map<string, number>();

  const busy = (t: Target) => {
    rng.reseed(hashString(`busy|${seed}|${t.id}`));
    // Log-normal around the class's demand: most instruments moderate, a few saturated, a few rarely used.
    return (CLASS_INTENSITY[t.categoryCode.slice(0, 2)] ?? DEFAULT_INTENSITY) * min(1.6, exp(0.55 * rng.normal() - 0.15));
  };

  for (const t of home) {
    const intensity = busy(t);
    const silentFrom = idleGap.has(t.id) ? today - idleGap.get(t.id)! : Infinity;
    const power: PowerEventInput[] = [];
    const stream = hashString(`day|${seed}|${t.id}`);
    for (let day = max(firstDay, t.firstDay); day <= today && day < silentFrom; day++) {
      rng.reseed(mix32(stream ^ mix32(day >>> 0)));
      const workday = working.get(day)!;
      const runs: { start: Date; end: Date }[] = [];
      if (rng.chance(min(0.95, intensity * WORKDAY_USE * (workday ? 1 : OFF_DAY_FACTOR)))) {
        daySessions(t, day, intensity, (slot, k) => {
          const requester = pickHomeRequester(rng, t, homeUnits, partnerUnits);
          const samples = t.fee?.unit === 'sample' || t.fee?.unit === 'item' ? rng.intBetween(1, 24) : undefined;
          const noShow = rng.chance(NO_SHOW_RATE);
          const base = {
            source: 'booking' as const,
            sourceKey: `demo:${t.id}:${compactDay(day)}:${k}`,
            instrumentId: t.id,
            ownerRegion: t.region,
            ownerUnitId: t.unitId,
            categoryCode: t.categoryCode,
            requester: requester.requester,
            external: requester.external,
            recordedBy: USAGE_SEED_RECORDER,
          };
          if (noShow) {
            if (slot.start.getTime() <= nowMs) sessions.push({ ...base, outcome: 'no_show', scheduledStart: slot.start });
            return;
          }
          if (slot.end.getTime() > nowMs) return;
          const fee = charge(t, slot.start, slot.end, requester.unitId, samples ?? 0);
          sessions.push({ ...base, outcome: 'completed', start: slot.start, end: slot.end, ...(fee !== undefined ? { feeChargedFen: fee } : {}), ...(samples !== undefined ? { samples } : {}) });
          runs.push(slot);
          lastUsed.set(t.id, day);
        });
      }
      if (!t.sensor) continue;
      // The sensor sees the instrument switched on a little before each session and off a
      // while after; sessions close together share one run. Some days it also runs with no
      // session at all (calibration, the owner's own long measurements).
      const on = runs.map((r) => ({ start: new Date(r.start.getTime() - rng.intBetween(5, 25) * MINUTE), end: new Date(r.end.getTime() + rng.intBetween(5, 40) * MINUTE) }));
      if (rng.chance(min(0.5, intensity * (workday ? 0.12 : 0.05)))) {
        const startMin = rng.intBetween(18 * 60, 20 * 60);
        on.push({ start: chinaInstant(day, startMin), end: chinaInstant(day, min(24 * 60 - 1, startMin + rng.intBetween(60, 300))) });
      }
      mergeRuns(on).forEach((r, n) => {
        // A run still going is reported when it ends; one around a session that ended just now, ends now.
        if (r.start.getTime() >= nowMs || (r.end.getTime() > nowMs && !runs.some((x) => x.end.getTime() > r.start.getTime() && x.start < r.end))) return;
        const end = new Date(min(r.end.getTime(), nowMs));
        power.push({ eventId: `${t.sensor}-${compactDay(day)}-${n}`, instrumentId: t.id, start: r.start, end });
        lastUsed.set(t.id, day);
      });
    }
    if (power.length > 0) {
      const list = powerByUnit.get(t.unitId) ?? [];
      for (const e of power) list.push(e);
      powerByUnit.set(t.unitId, list);
    }
  }

  // Jiaxing users on the partners' instruments: each partner reports them on its usage feed.
  for (const partner of opts.partners) {
    const used = pickPerGroup(
      targets(partner, asOf).filter((t) => t.shareable),
      () => partner.region,
      PARTNER_USED,
      `partner-used|${seed}`,
    );
    for (const t of used) {
      const intensity = busy(t) * 0.25;
      const stream = hashString(`day|${seed}|${t.id}`);
      for (let day = max(firstDay, t.firstDay); day <= today; day++) {
        rng.reseed(mix32(stream ^ mix32(day >>> 0)));
        if (!working.get(day) || !rng.chance(intensity * WORKDAY_USE)) continue;
        daySessions(t, day, intensity, (slot, k) => {
          const person = rng.chance(0.12);
          const unitId = person ? undefined : rng.pick(homeUnits);
          const samples = t.fee?.unit === 'sample' || t.fee?.unit === 'item' ? rng.intBetween(1, 12) : undefined;
          const base = {
            source: partner.source,
            sourceKey: `demo:${t.id}:${compactDay(day)}:${k}`,
            instrumentId: t.id,
            ownerRegion: t.region,
            ownerUnitId: t.unitId,
            categoryCode: t.categoryCode,
            requester: person ? { kind: 'person' as const, region: opts.home.region } : { kind: 'unit' as const, unitId, region: opts.home.region },
            external: true,
            recordedBy: USAGE_SEED_RECORDER,
          };
          if (rng.chance(NO_SHOW_RATE)) {
            if (slot.start.getTime() <= nowMs) sessions.push({ ...base, outcome: 'no_show', scheduledStart: slot.start });
            return;
          }
          if (slot.end.getTime() > nowMs) return;
          const fee = charge(t, slot.start, slot.end, unitId, samples ?? 0);
          sessions.push({ ...base, outcome: 'completed', start: slot.start, end: slot.end, ...(fee !== undefined ? { feeChargedFen: fee } : {}), ...(samples !== undefined ? { samples } : {}) });
        });
      }
    }
  }

  const power = [...powerByUnit.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([unitId, events]) => ({ gatewayId: `${unitId}-iot`, unitId, events }));
  const idle = idleCandidates.map(({ t }) => {
    const last = lastUsed.get(t.id);
    return { instrumentId: t.id, ...(last !== undefined ? { lastUsedDay: formatDay(last) } : {}) };
  });
  return { sessions, power, idle };

  /**
   * The day's booked slots, one after another in office hours (08:30 to about
   * 18:00): never two at once on one instrument. Length by how the fee is
   * counted: a per-day instrument is booked for the working day.
   */
  function daySessions(t: Target, day: number, intensity: number, emit: (slot: { start: Date; end: Date }, k: number) => void): void {
    const count = t.fee?.unit === 'day' ? 1 : 1 + (rng.chance(min(0.6, intensity * 0.35)) ? 1 : 0) + (rng.chance(min(0.2, intensity * 0.1)) ? 1 : 0);
    let cursor = 8 * 60 + 30 + rng.int(5) * 15;
    for (let k = 0; k < count; k++) {
      const length = t.fee?.unit === 'day' ? 8 * 60 : t.fee?.unit === 'sample' || t.fee?.unit === 'item' ? rng.intBetween(2, 8) * 15 : rng.intBetween(4, 16) * 15;
      if (cursor + length > 19 * 60) return;
      emit({ start: chinaInstant(day, cursor), end: chinaInstant(day, cursor + length) }, k);
      cursor += length + rng.intBetween(0, 6) * 15;
    }
  }
}

/** Up to `n` items of each group, chosen by a seeded hash of their id (stable whatever the others are), in input order. */
function pickPerGroup<T extends { id: string }>(items: readonly T[], group: (t: T) => string, n: number, salt: string): T[] {
  const ranked = items.map((t, i) => ({ t, i, rank: hashString(`${salt}|${t.id}`) })).sort((a, b) => a.rank - b.rank);
  const taken = new Map<string, number>();
  const keep: { t: T; i: number }[] = [];
  for (const r of ranked) {
    const g = group(r.t);
    const k = taken.get(g) ?? 0;
    if (k >= n) continue;
    taken.set(g, k + 1);
    keep.push(r);
  }
  return keep.sort((a, b) => a.i - b.i).map((r) => r.t);
}

function pickHomeRequester(
  rng: Rng,
  t: Target,
  homeUnits: readonly string[],
  partners: readonly { region: Region; units: readonly string[] }[],
): { requester: UsageSessionInput['requester']; external: boolean; unitId?: string } {
  // Confidential and exempted instruments serve their own unit only (Art. 2, 11).
  const r = t.shareable ? rng.next() : 0;
  if (r < HOME_REQUESTERS.own) return { requester: { kind: 'unit', unitId: t.unitId, region: t.region }, external: false, unitId: t.unitId };
  if (r < HOME_REQUESTERS.own + HOME_REQUESTERS.otherLocal || partners.length === 0) {
    const others = homeUnits.filter((u) => u !== t.unitId);
    const unitId = others.length > 0 ? rng.pick(others) : t.unitId;
    return { requester: { kind: 'unit', unitId, region: t.region }, external: unitId !== t.unitId, unitId };
  }
  if (r < HOME_REQUESTERS.own + HOME_REQUESTERS.otherLocal + HOME_REQUESTERS.person) return { requester: { kind: 'person', region: t.region }, external: true };
  const partner = rng.pick(partners);
  const unitId = rng.pick(partner.units);
  return { requester: { kind: 'unit', unitId, region: partner.region }, external: true, unitId };
}

/** Joins runs that overlap or nearly touch, as a sensor reports one switch-on to switch-off. */
function mergeRuns(runs: { start: Date; end: Date }[]): { start: Date; end: Date }[] {
  const out: { start: Date; end: Date }[] = [];
  for (const r of [...runs].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    const last = out[out.length - 1];
    if (last && r.start.getTime() <= last.end.getTime() + 20 * MINUTE) {
      if (r.end > last.end) last.end = r.end;
    } else out.push({ ...r });
  }
  return out;
}
