import { seedBookingId, type Requester, type SeedBookingInput } from '@app/booking';
import { instrumentId, type Region } from '@app/common';
import type { InstrumentInput, ManagementUnit } from '@app/catalog';
import { classifyInstrument, estimateFee, isWorkingDay, type FeeEstimate } from '@app/policy';
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
  /** Days of history before today of the full-history instruments (default 365). */
  days?: number;
  /** Same seed, catalogs and `now` → the same history. Default 1. */
  seed?: number;
  /**
   * Our instruments per unit with the full `days` of history (default 4; the
   * idle few are among them). Every other instrument of ours has the last
   * `recentDays`: a year of every instrument is ~10^5 instrument-days, more
   * than an embedded demo should load and roll up at start, while two months
   * are enough for every indicator of the current period and for Art. 15.
   */
  fullHistoryPerUnit?: number;
  /** Days of history before today of the other instruments (default 60). */
  recentDays?: number;
  /** Our instruments per unit with confirmed bookings ahead (default 2), for `aheadDays` days (default 14). */
  bookedAheadPerUnit?: number;
  aheadDays?: number;
}

/** One IoT gateway's report: the demo gives each unit with sensors its own gateway, `<unitId>-iot`. */
export interface PowerEventBatch {
  gatewayId: string;
  unitId: string;
  events: PowerEventInput[];
}

export interface GeneratedUsage {
  /** The bookings behind our instruments' sessions (completed, no-show), and confirmed ones still ahead. */
  bookings: SeedBookingInput[];
  /** Sessions of our instruments name their booking (`bookingId`, `bookingChannel`), as closing a booking records them. */
  sessions: UsageSessionInput[];
  power: PowerEventBatch[];
  /** Jiaxing instruments kept silent (no session, no power-on) for over a month before today (Art. 15). */
  idle: { instrumentId: string; lastUsedDay?: string }[];
}

export const USAGE_SEED_RECORDER = 'demo-seed';

/** The user who books for one of our units in the demo's history: `npm run demo`'s `user` token is this user of its unit. */
export function demoRequesterSub(unitId: string): string {
  return `demo-user-${unitId}`;
}

/** Natural persons (Art. 4) among the demo's requesters; each books under their own sub. */
const DEMO_PERSONS = 40;
/** A partner's users per unit of theirs, each under the partner's pseudonym for them (Art. 17). */
const PARTNER_USERS_PER_UNIT = 6;

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
/**
 * Each instrument's own unit runs it at least once a week (quality control,
 * calibration, its own measurements) on a weekday of its own: a rarely booked
 * instrument still runs, so no gap of a month appears by chance and only the
 * chosen few are idle (Art. 15).
 */
const ROUTINE_WEEKDAYS = 5;

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

/** Fee actually charged (Art. 19): the estimate at booking; per sample, by the samples run. */
function charge(estimate: FeeEstimate | undefined, samples: number): number | undefined {
  if (!estimate) return undefined;
  const total = estimate.totalCny ?? estimate.unitPriceCny * samples + estimate.setupFeeCny;
  return round(total * 100);
}

/** Who used one of our instruments: as the usage session names them (units and regions only), and as the booking does. */
interface HomeRequester {
  requester: UsageSessionInput['requester'];
  external: boolean;
  /** The unit our rules count them as part of (a partner's claim never is one). */
  rulesUnitId?: string;
  booker: Requester;
}

/** One booked slot of a day: who, how many samples, and whether they came. */
interface PlannedSlot {
  start: Date;
  end: Date;
  k: number;
  who: HomeRequester;
  samples?: number;
  noShow: boolean;
}

/**
 * A deterministic history of use up to `now`: sessions (completed and
 * no-shows) of our instruments by their own unit, other Jiaxing units, natural
 * persons and every partner region's units, each with the booking behind it
 * (requested, confirmed, then closed by the owning unit) and a few confirmed
 * bookings ahead; sessions of partner instruments by Jiaxing users; IoT
 * power-on runs around the sessions (and on their own) for our instruments
 * with a sensor. Working days in office hours, demand by category, a weekly
 * routine run of every instrument, fees from each instrument's standard. A
 * day's content depends only on the seed, the instrument and the day, never on
 * `now`: a later run reproduces every earlier session with the same key and
 * adds only what happened since (idle instruments stay silent for the same
 * span before today); a booking seeded ahead is the same booking its day's
 * history closes later.
 */
export function generateUsage(opts: GenerateUsageOptions): GeneratedUsage {
  const seed = opts.seed ?? 1;
  const nowMs = opts.now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError('now must be a valid date');
  const today = chinaDayOf(opts.now);
  const firstDay = today - (opts.days ?? 365);
  const recentFirstDay = today - (opts.recentDays ?? 60);
  const aheadLastDay = today + (opts.aheadDays ?? 14);
  const asOf = formatDay(today);
  const rng = new Rng(0);

  const home = targets(opts.home, asOf);
  const fullHistory = new Set(pickPerGroup(home, (t) => t.unitId, opts.fullHistoryPerUnit ?? 4, `reporting|${seed}`).map((t) => t.id));
  const homeUnits = opts.home.units.map((u) => u.id);
  const partnerUnits = opts.partners.map((p) => ({ id: p.source.slice('partner:'.length), region: p.region, units: p.units.map((u) => u.id) }));

  // The idle few: shareable instruments with a full history, running for over a year, silent for 40–200 days.
  const idleGap = new Map<string, number>();
  const idleCandidates = home
    .filter((t) => fullHistory.has(t.id) && t.shareable && t.firstDay < firstDay)
    .map((t) => ({ t, rank: mix32(hashString(`idle|${seed}|${t.id}`)) }))
    .sort((a, b) => a.rank - b.rank)
    .slice(0, IDLE_INSTRUMENTS);
  for (const { t, rank } of idleCandidates) idleGap.set(t.id, IDLE_GAP_DAYS[0] + (rank % (IDLE_GAP_DAYS[1] - IDLE_GAP_DAYS[0])));
  const bookedAhead = new Set(
    pickPerGroup(
      home.filter((t) => t.shareable && !idleGap.has(t.id)),
      (t) => t.unitId,
      opts.bookedAheadPerUnit ?? 2,
      `ahead|${seed}`,
    ).map((t) => t.id),
  );

  // The PRC working-day calendar (holidays and adjusted workdays), looked up once per day.
  const working = new Map<number, boolean>();
  for (let day = firstDay; day <= aheadLastDay; day++) working.set(day, isWorkingDay(formatDay(day)));
  const sessions: UsageSessionInput[] = [];
  const bookings: SeedBookingInput[] = [];
  const powerByUnit = new Map<string, PowerEventInput[]>();
  const lastUsed = new Map<string, number>();

  const busy = (t: Target) => {
    rng.reseed(hashString(`busy|${seed}|${t.id}`));
    // Log-normal around the class's demand: most instruments moderate, a few saturated, a few rarely used.
    return (CLASS_INTENSITY[t.categoryCode.slice(0, 2)] ?? DEFAULT_INTENSITY) * min(1.6, exp(0.55 * rng.normal() - 0.15));
  };

  /** The day's booked slots of one of our instruments (the rng is seeded for the day): the same whether the day is past or ahead. */
  const planDay = (t: Target, day: number, intensity: number, routineDay: number): PlannedSlot[] => {
    const workday = working.get(day)!;
    const slots: PlannedSlot[] = [];
    const drawn = rng.chance(min(0.95, intensity * WORKDAY_USE * (workday ? 1 : OFF_DAY_FACTOR)));
    // Day 0 (1970-01-01) was a Thursday: (day + 4) % 7 is the weekday, Sunday 0.
    if (!drawn && !(workday && (day + 4) % 7 === routineDay)) return slots;
    daySessions(t, day, intensity, (slot, k) => {
      const who = pickHomeRequester(rng, t, homeUnits, partnerUnits);
      const samples = t.fee?.unit === 'sample' || t.fee?.unit === 'item' ? rng.intBetween(1, 24) : undefined;
      slots.push({ ...slot, k, who, samples, noShow: rng.chance(NO_SHOW_RATE) });
    });
    return slots;
  };

  for (const t of home) {
    const intensity = busy(t);
    const routineDay = 1 + (hashString(`routine|${seed}|${t.id}`) % ROUTINE_WEEKDAYS);
    const silentFrom = idleGap.has(t.id) ? today - idleGap.get(t.id)! : Infinity;
    const power: PowerEventInput[] = [];
    const stream = hashString(`day|${seed}|${t.id}`);
    const from = max(fullHistory.has(t.id) ? firstDay : recentFirstDay, t.firstDay);
    const to = bookedAhead.has(t.id) ? aheadLastDay : today;
    for (let day = from; day <= to && day < silentFrom; day++) {
      rng.reseed(mix32(stream ^ mix32(day >>> 0)));
      const workday = working.get(day)!;
      const runs: { start: Date; end: Date }[] = [];
      for (const slot of planDay(t, day, intensity, routineDay)) {
        const key = `demo:${t.id}:${compactDay(day)}:${slot.k}`;
        const estimate = estimateFee(t.fee, slot, { ownerUnitId: t.unitId, requesterUnitId: slot.who.rulesUnitId });
        const ahead = slot.noShow ? slot.start.getTime() > nowMs : slot.end.getTime() > nowMs;
        if (ahead) {
          // Still to come (or under way): confirmed, nobody knows yet whether they will come.
          if (bookedAhead.has(t.id)) bookings.push(booking(t, key, slot, estimate, 'confirmed'));
          continue;
        }
        if (day > today) continue;
        const fee = slot.noShow ? undefined : charge(estimate, slot.samples ?? 0);
        const b = booking(t, key, slot, estimate, slot.noShow ? 'no_show' : 'completed', fee);
        bookings.push(b);
        const base = {
          source: 'booking' as const,
          sourceKey: key,
          bookingId: seedBookingId(key),
          bookingChannel: b.requester.kind === 'user' ? 'http' : `partner:${b.requester.partnerId}`,
          instrumentId: t.id,
          ownerRegion: t.region,
          ownerUnitId: t.unitId,
          categoryCode: t.categoryCode,
          requester: slot.who.requester,
          external: slot.who.external,
          recordedBy: USAGE_SEED_RECORDER,
        };
        if (slot.noShow) {
          sessions.push({ ...base, outcome: 'no_show', scheduledStart: slot.start });
          continue;
        }
        sessions.push({
          ...base,
          outcome: 'completed',
          start: slot.start,
          end: slot.end,
          ...(fee !== undefined ? { feeChargedFen: fee } : {}),
          ...(slot.samples !== undefined ? { samples: slot.samples } : {}),
        });
        runs.push(slot);
        lastUsed.set(t.id, day);
      }
      if (!t.sensor || day > today) continue;
      // The sensor sees the instrument switched on a little before each session and off a
      // while after; sessions close together share one run. Some days it also runs with no
      // session at all (calibration, the owner's own long measurements).
      const on = runs.map((r) => ({
        start: new Date(r.start.getTime() - rng.intBetween(5, 25) * MINUTE),
        end: new Date(r.end.getTime() + rng.intBetween(5, 40) * MINUTE),
      }));
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
          const fee = charge(estimateFee(t.fee, slot, { ownerUnitId: t.unitId, requesterUnitId: unitId }), samples ?? 0);
          sessions.push({
            ...base,
            outcome: 'completed',
            start: slot.start,
            end: slot.end,
            ...(fee !== undefined ? { feeChargedFen: fee } : {}),
            ...(samples !== undefined ? { samples } : {}),
          });
        });
      }
    }
  }

  const power = [...powerByUnit.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([unitId, events]) => ({ gatewayId: `${unitId}-iot`, unitId, events }));
  const idle = idleCandidates.map(({ t }) => {
    const last = lastUsed.get(t.id);
    return { instrumentId: t.id, ...(last !== undefined ? { lastUsedDay: formatDay(last) } : {}) };
  });
  return { bookings, sessions, power, idle };

  /**
   * The booking behind a slot, with its trail: requested some hours to two
   * weeks before, confirmed minutes to hours later, closed by the owning
   * unit's admin after the window (a no-show once it was clear nobody came).
   * The times come from a hash of the key, not the day's random stream, and
   * none is after `now`.
   */
  function booking(
    t: Target,
    key: string,
    slot: PlannedSlot,
    feeEstimate: FeeEstimate | undefined,
    status: SeedBookingInput['status'],
    feeChargedFen?: number,
  ): SeedBookingInput {
    const h = hashString(`trail|${seed}|${key}`);
    const start = slot.start.getTime();
    let requested = start - (2 * 60 + (h % (14 * 24 * 60))) * MINUTE;
    if (requested > nowMs - 60 * MINUTE) requested = nowMs - (60 + ((h >>> 3) % (48 * 60))) * MINUTE;
    const confirmed = min(requested + (5 + ((h >>> 7) % 240)) * MINUTE, max(requested, start - 30 * MINUTE), nowMs);
    const closedAt =
      status === 'completed'
        ? slot.end.getTime() + (10 + ((h >>> 11) % (36 * 60))) * MINUTE
        : status === 'no_show'
          ? start + (30 + ((h >>> 11) % 240)) * MINUTE
          : undefined;
    return {
      key,
      instrumentId: t.id,
      ownerPlatform: 'local',
      requester: slot.who.booker,
      status,
      window: { start: slot.start, end: slot.end },
      purpose: slot.samples !== undefined ? `测试 ${slot.samples} 个样品 / ${slot.samples} samples` : '仪器机时 / instrument time',
      ...(feeEstimate ? { feeEstimate } : {}),
      requestedAt: new Date(requested),
      confirmedAt: new Date(confirmed),
      ...(closedAt !== undefined ? { closedAt: new Date(max(confirmed, min(closedAt, nowMs))), closedBy: `demo-admin-${t.unitId}` } : {}),
      ...(status === 'completed'
        ? { completion: { feeChargedFen: feeChargedFen ?? 0, ...(slot.samples !== undefined ? { samples: slot.samples } : {}) } }
        : {}),
    };
  }

  /**
   * The day's booked slots, one after another in office hours (08:30 to about
   * 18:00): never two at once on one instrument. Length by how the fee is
   * counted: a per-day instrument is booked for the working day.
   */
  function daySessions(t: Target, day: number, intensity: number, emit: (slot: { start: Date; end: Date }, k: number) => void): void {
    const count = t.fee?.unit === 'day' ? 1 : 1 + (rng.chance(min(0.6, intensity * 0.35)) ? 1 : 0) + (rng.chance(min(0.2, intensity * 0.1)) ? 1 : 0);
    let cursor = 8 * 60 + 30 + rng.int(5) * 15;
    for (let k = 0; k < count; k++) {
      const length =
        t.fee?.unit === 'day' ? 8 * 60 : t.fee?.unit === 'sample' || t.fee?.unit === 'item' ? rng.intBetween(2, 8) * 15 : rng.intBetween(4, 16) * 15;
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
  partners: readonly { id: string; region: Region; units: readonly string[] }[],
): HomeRequester {
  const user = (unitId: string): HomeRequester => ({
    requester: { kind: 'unit', unitId, region: t.region },
    external: unitId !== t.unitId,
    rulesUnitId: unitId,
    booker: { kind: 'user', sub: demoRequesterSub(unitId), unitId },
  });
  // Confidential and exempted instruments serve their own unit only (Art. 2, 11).
  const r = t.shareable ? rng.next() : 0;
  if (r < HOME_REQUESTERS.own) return user(t.unitId);
  if (r < HOME_REQUESTERS.own + HOME_REQUESTERS.otherLocal || partners.length === 0) {
    const others = homeUnits.filter((u) => u !== t.unitId);
    return user(others.length > 0 ? rng.pick(others) : t.unitId);
  }
  if (r < HOME_REQUESTERS.own + HOME_REQUESTERS.otherLocal + HOME_REQUESTERS.person) {
    return { requester: { kind: 'person', region: t.region }, external: true, booker: { kind: 'user', sub: `demo-person-${rng.int(DEMO_PERSONS) + 1}` } };
  }
  // A partner's user: booked over the partner's channel under its pseudonym; the session names
  // only the partner's region, as closing a partner's booking records it (its claimed unit is its word).
  const partner = rng.pick(partners);
  const unitId = rng.pick(partner.units);
  const pseudonym = `${partner.id}-${(hashString(`${partner.id}|${unitId}|${rng.int(PARTNER_USERS_PER_UNIT)}`) >>> 0).toString(36)}`;
  return {
    requester: { kind: 'unit', region: partner.region },
    external: true,
    booker: { kind: 'partner', partnerId: partner.id, pseudonym, claimedUnitId: unitId, claimedRegion: partner.region },
  };
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
