import { REGIONS, type Region } from '@app/common';
import type { Confidentiality, DutyFreeImport, FeeStandard, FundingSource, InstrumentInput, ManagementUnit, ServiceMode, UnitKind } from '@app/catalog';
import { daysFromCivil, formatDay, parseDay } from './civil-date';
import { INSTRUMENT_FAMILIES, type InstrumentFamily, type MakerLine } from './instrument-families';
import { INSTRUMENT_JITTER_DEG, REGION_SEEDS, type RegionSeed, type UnitSeed } from './management-units';
import { hashString, mix32, Rng, WeightedTable } from './prng';

// Module-local aliases: under Jest every lookup of a global such as `Math`
// goes through the vm sandbox's interceptor (~100x slower than a local), which
// made a million-record test run take half a minute. Plain Node is unaffected.
const { round, max, min, floor, exp, log, pow } = Math;

export interface GenerateCatalogOptions {
  region: Region;
  /** Number of instruments, any non-negative integer (1,000 … 1,000,000 are the usual sizes). */
  count: number;
  /** Same seed (and region, asOf) → byte-identical output. Default 1. */
  seed?: number;
  /** Reference date `YYYY-MM-DD`: no generated date lies after it. Default {@link DEFAULT_AS_OF}. */
  asOf?: string;
}

export interface GeneratedCatalog {
  units: ManagementUnit[];
  instruments: InstrumentInput[];
}

export const DEFAULT_AS_OF = '2026-11-01';
export const DEFAULT_SEED = 1;

/**
 * Target shares, tuned to what the rules need exercised (scope, Art. 11
 * exclusions, customs gate, onboarding deadlines, Art. 13 fee grace). The
 * spec checks the realised shares on 10,000 records.
 */
export const SEED_RATES = {
  /** Below the 300,000 CNY scope threshold (Art. 2). */
  belowThreshold: 0.03,
  confidential: 0.02,
  exempted: 0.01,
  /** Among units eligible for duty-free research imports (not enterprises). */
  dutyFreeAmongEligible: 0.085,
  /** Supervision periods other than the usual 3 years, so per-record periods are exercised. */
  longSupervision: 0.05,
  feeMissing: 0.05,
  iotSensor: 0.85,
  requiresOwnerApproval: 0.2,
  joinOnTime: 0.8,
  joinLate: 0.1,
} as const;

const SCOPE_THRESHOLD_CNY = 300_000;
const MAX_VALUE_CNY = 20_000_000;
/** Spread of log-value around a family's median (σ of the log-normal). */
const VALUE_SIGMA = 0.45;
const FIRST_ACCEPTANCE = daysFromCivil(2012, 1, 1);
const SERVICE_MODE_ORDER: readonly ServiceMode[] = ['self_operated', 'operator_assisted', 'sample_submission'];

const BUILDINGS: Readonly<Record<UnitKind, readonly string[]>> = {
  university: ['分析测试中心', '公共仪器平台', '理工楼', '化学楼', '材料楼', '生命科学楼', '物理楼', '信息楼'],
  institute: ['公共技术服务中心', '1号实验楼', '2号实验楼', '测试分析平台', '科研楼'],
  hospital: ['医技楼', '科研楼', '中心实验室', '影像中心', '转化医学中心'],
  testing_center: ['检测大楼', '理化检测实验室', '仪器分析室', '微生物检测实验室'],
  enterprise: ['研发中心', '测试中心', '中试基地', '技术中心'],
};

interface UnitContext {
  unit: ManagementUnit;
  seed: UnitSeed;
  lat: number;
  lon: number;
  families: WeightedTable<InstrumentFamily>;
  dutyFreeEligible: boolean;
  /** Fiscal / state capital / other shares depend on who owns the instrument. */
  funding: WeightedTable<FundingSource>;
}

interface FamilyContext {
  makers: WeightedTable<MakerLine>;
  /** Duty-free imports are by definition foreign-made; null if the family has no foreign maker. */
  importedMakers: WeightedTable<MakerLine> | null;
  /** Mode the family always offers when the random draw leaves none (serviceModes must be non-empty). */
  primaryMode: ServiceMode;
}

function round6(x: number): number {
  return round(x * 1e6) / 1e6;
}

function roundTo(x: number, step: number): number {
  // Multiples of 0.5/1/10/50 are exact in binary, so prices keep ≤ 2 decimals.
  return max(step, round(x / step) * step);
}

function pad(n: number, width: number): string {
  return `${n}`.padStart(width, '0');
}

function assertOptions(opts: GenerateCatalogOptions): { region: Region; count: number; seed: number; asOf: number } {
  if (!(REGIONS as readonly string[]).includes(opts.region)) {
    throw new RangeError(`region must be one of ${REGIONS.join(', ')}, got ${JSON.stringify(opts.region)}`);
  }
  if (!Number.isSafeInteger(opts.count) || opts.count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${opts.count}`);
  }
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const asOfText = opts.asOf ?? DEFAULT_AS_OF;
  const asOf = parseDay(asOfText);
  if (asOf === undefined) throw new RangeError(`asOf must be a real date YYYY-MM-DD, got ${JSON.stringify(asOfText)}`);
  return { region: opts.region, count: opts.count, seed, asOf };
}

function fundingTable(seed: UnitSeed): WeightedTable<FundingSource> {
  const sources: FundingSource[] = ['fiscal', 'state_capital', 'other'];
  // State firms buy with state capital; hospitals also buy from their own
  // revenue ("other"); everyone else mostly from fiscal research funds.
  if (seed.sector === 'sasac') return new WeightedTable(sources, [0.08, 0.85, 0.07]);
  if (seed.kind === 'hospital') return new WeightedTable(sources, [0.72, 0.03, 0.25]);
  return new WeightedTable(sources, [0.9, 0.03, 0.07]);
}

/** Units of a region with their (seeded) campus coordinates. */
function buildUnits(regionSeed: RegionSeed, seed: number): UnitContext[] {
  const rng = new Rng(hashString(`units|${regionSeed.region}|${seed}`));
  const familyTables = new Map<UnitKind, WeightedTable<InstrumentFamily>>();
  const familiesFor = (kind: UnitKind) => {
    let table = familyTables.get(kind);
    if (!table) {
      table = new WeightedTable(
        INSTRUMENT_FAMILIES,
        INSTRUMENT_FAMILIES.map((f) => f.weights[kind]),
      );
      familyTables.set(kind, table);
    }
    return table;
  };
  return regionSeed.units.map((u, index) => {
    const site = regionSeed.cities[u.city];
    if (!site) throw new Error(`unit ${u.name} refers to unknown city ${u.city}`);
    const anchor = u.site ?? site;
    const lat = round6(anchor.lat + rng.between(-anchor.spread, anchor.spread));
    const lon = round6(anchor.lon + rng.between(-anchor.spread, anchor.spread));
    const unit: ManagementUnit = {
      id: `${regionSeed.prefix}-u${pad(index + 1, 3)}`,
      name: u.name,
      nameEn: u.nameEn,
      region: regionSeed.region,
      city: site.name,
      kind: u.kind,
      sector: u.sector,
    };
    return {
      unit,
      seed: u,
      lat,
      lon,
      families: familiesFor(u.kind),
      // Duty-free import of research instruments is for universities,
      // institutes and public research bodies, not for enterprises.
      dutyFreeEligible: u.kind !== 'enterprise',
      funding: fundingTable(u),
    };
  });
}

const FAMILY_CONTEXTS: ReadonlyMap<InstrumentFamily, FamilyContext> = new Map(
  INSTRUMENT_FAMILIES.map((f) => {
    const imported = f.makers.filter((m) => m.country !== 'CN');
    let primary = 0;
    f.modes.forEach((p, i) => {
      if (p > f.modes[primary]) primary = i;
    });
    return [
      f,
      {
        makers: new WeightedTable(
          f.makers,
          f.makers.map((m) => m.weight),
        ),
        importedMakers:
          imported.length > 0
            ? new WeightedTable(
                imported,
                imported.map((m) => m.weight),
              )
            : null,
        primaryMode: SERVICE_MODE_ORDER[primary],
      },
    ];
  }),
);

/**
 * Everything derived once per (region, seed, asOf); `instrumentAt(i)` then
 * costs O(log n) and depends only on i, so streaming a million records keeps
 * no state and any prefix of a big catalog equals the smaller catalog.
 */
class CatalogPlan {
  readonly units: UnitContext[];
  private readonly unitTable: WeightedTable<UnitContext>;
  private readonly regionSeed: RegionSeed;
  private readonly upperPrefix: string;
  private readonly base: number;
  private readonly asOf: number;
  private readonly firstAcceptance: number;
  private readonly rng = new Rng(0);

  constructor(region: Region, seed: number, asOf: number) {
    this.regionSeed = REGION_SEEDS[region];
    this.upperPrefix = this.regionSeed.prefix.toUpperCase();
    this.units = buildUnits(this.regionSeed, seed);
    this.unitTable = new WeightedTable(
      this.units,
      this.units.map((u) => u.seed.weight),
    );
    this.base = hashString(`instruments|${region}|${seed}`);
    this.asOf = asOf;
    // Acceptance dates span 2012 → asOf; an early asOf still gets a year of history.
    this.firstAcceptance = min(FIRST_ACCEPTANCE, asOf - 365);
  }

  instrumentAt(i: number): InstrumentInput {
    const rng = this.rng.reseed(mix32(this.base ^ mix32(i >>> 0)));
    const ctx = this.unitTable.pick(rng);
    const family = ctx.families.pick(rng);
    const fam = FAMILY_CONTEXTS.get(family)!;

    const dutyFree = ctx.dutyFreeEligible && fam.importedMakers !== null && rng.chance(SEED_RATES.dutyFreeAmongEligible);
    const maker = (dutyFree ? fam.importedMakers! : fam.makers).pick(rng);
    const model = rng.pick(maker.models);

    const valueCny = this.value(rng, family);
    const fundingSource = ctx.funding.pick(rng);

    // Skewed towards recent years: purchases grew over the period.
    const span = this.asOf - this.firstAcceptance;
    const acceptance = this.firstAcceptance + floor(span * pow(rng.next(), 0.75));

    const building = rng.pick(BUILDINGS[ctx.seed.kind]);
    const room = `${rng.intBetween(1, 6)}${pad(rng.intBetween(1, 30), 2)}`;
    const lat = round6(ctx.lat + rng.between(-INSTRUMENT_JITTER_DEG, INSTRUMENT_JITTER_DEG));
    const lon = round6(ctx.lon + rng.between(-INSTRUMENT_JITTER_DEG, INSTRUMENT_JITTER_DEG));

    const joinDate = this.provincialJoin(rng, acceptance);
    const serviceModes = this.serviceModes(rng, family, fam);
    const fee = rng.chance(SEED_RATES.feeMissing) ? undefined : this.fee(rng, family);
    const confidentiality = this.confidentiality(rng, ctx, acceptance);
    const dutyFreeImport = dutyFree ? this.dutyFreeImport(rng, i, acceptance) : undefined;
    const iot = rng.chance(SEED_RATES.iotSensor);
    const requiresOwnerApproval = rng.chance(SEED_RATES.requiresOwnerApproval);

    // Built in the API body's key order, optional keys omitted rather than
    // undefined, so JSON output is byte-stable and matches stored records.
    const out = {
      localId: `${this.upperPrefix}-${pad(i + 1, 7)}`,
      name: family.name,
      nameEn: family.nameEn,
      model,
      manufacturer: maker.manufacturer,
      countryOfOrigin: maker.country,
      description: `${maker.manufacturer} ${model} ${family.name}，主要用于${family.use}。`,
      categoryCode: family.categoryCode,
      valueCny,
      fundingSource,
      unitId: ctx.unit.id,
      city: ctx.unit.city,
      address: `${ctx.seed.address}${building}${room}室`,
      location: { lat, lon },
      acceptanceDate: formatDay(acceptance),
    } as InstrumentInput;
    // Excluded instruments are never sent to the province (Art. 2, 11), so
    // they carry no provincial join date.
    if (joinDate !== undefined && confidentiality.status === 'none') out.provincialJoinDate = formatDay(joinDate);
    // Unique within the region: mix32 is a bijection of the record index.
    if (iot)
      out.iotSensorId = `IOT-${this.upperPrefix}-${mix32((i ^ 0x5bd1e995) >>> 0)
        .toString(16)
        .padStart(8, '0')
        .toUpperCase()}`;
    out.serviceModes = serviceModes;
    if (fee) out.fee = fee;
    out.confidentiality = confidentiality;
    if (dutyFreeImport) out.dutyFreeImport = dutyFreeImport;
    out.requiresOwnerApproval = requiresOwnerApproval;
    return out;
  }

  private value(rng: Rng, family: InstrumentFamily): number {
    if (rng.chance(SEED_RATES.belowThreshold)) {
      // Log-uniform 80k–300k: cheap items that units may list voluntarily.
      const v = exp(rng.between(log(80_000), log(SCOPE_THRESHOLD_CNY)));
      return min(SCOPE_THRESHOLD_CNY - 100, round(v / 100) * 100);
    }
    let v = family.medianValueCny * exp(VALUE_SIGMA * rng.normal());
    // Fold the tails back into 0.3–20 million instead of clamping, so no
    // artificial pile-up sits exactly on the threshold or the cap.
    if (v < SCOPE_THRESHOLD_CNY) v = SCOPE_THRESHOLD_CNY + rng.between(0, 150_000);
    if (v > MAX_VALUE_CNY) v = MAX_VALUE_CNY * rng.between(0.75, 1);
    return round(v / 100) * 100;
  }

  /**
   * Art. 13: on the provincial platform within 30 working days of
   * acceptance. ≤ 35 calendar days is within 30 working days whatever the
   * holidays; ≥ 60 calendar days is beyond it whatever the adjusted working
   * days, so the on-time/late split is unambiguous for the onboarding rule.
   */
  private provincialJoin(rng: Rng, acceptance: number): number | undefined {
    const r = rng.next();
    let join: number;
    if (r < SEED_RATES.joinOnTime) join = acceptance + rng.intBetween(1, 35);
    else if (r < SEED_RATES.joinOnTime + SEED_RATES.joinLate) join = acceptance + rng.intBetween(60, 400);
    else return undefined;
    // Not yet joined as of the reference date: leave it missing (pending).
    return join <= this.asOf ? join : undefined;
  }

  private serviceModes(rng: Rng, family: InstrumentFamily, fam: FamilyContext): ServiceMode[] {
    const modes: ServiceMode[] = [];
    for (let m = 0; m < SERVICE_MODE_ORDER.length; m++) if (rng.chance(family.modes[m])) modes.push(SERVICE_MODE_ORDER[m]);
    return modes.length > 0 ? modes : [fam.primaryMode];
  }

  private fee(rng: Rng, family: InstrumentFamily): FeeStandard {
    const scale = family.fee;
    const internal = roundTo(rng.between(scale.internal[0], scale.internal[1]), scale.step);
    // External users pay more (cost recovery plus depreciation), never less.
    const external = max(internal, roundTo(internal * rng.between(1.2, 2.0), scale.step));
    const fee: FeeStandard = { unit: scale.unit, internalPriceCny: internal, externalPriceCny: external };
    if (scale.unit === 'hour' && rng.chance(0.3)) {
      // Long sessions are discounted; same factor on both keeps external ≥ internal.
      fee.tiers = [
        { minQuantity: 8, internalPriceCny: roundTo(internal * 0.85, scale.step), externalPriceCny: roundTo(external * 0.85, scale.step) },
        { minQuantity: 40, internalPriceCny: roundTo(internal * 0.7, scale.step), externalPriceCny: roundTo(external * 0.7, scale.step) },
      ];
    }
    if (scale.setup && rng.chance(0.6)) fee.setupFeeCny = roundTo(rng.between(scale.setup[0], scale.setup[1]), 10);
    if (scale.note && rng.chance(0.8)) fee.note = scale.note;
    return fee;
  }

  private confidentiality(rng: Rng, ctx: UnitContext, acceptance: number): Confidentiality {
    const r = rng.next();
    if (r < SEED_RATES.confidential) return { status: 'confidential', note: '涉及国家秘密，不纳入开放共享' };
    if (r >= SEED_RATES.confidential + SEED_RATES.exempted) return { status: 'none' };
    // Art. 11: both the competent department's approval and the filing with
    // the provincial office are on record, filing on or after approval.
    const dept = this.regionSeed.departments[ctx.unit.sector];
    const approval = min(this.asOf, acceptance + rng.intBetween(20, 400));
    const filing = min(this.asOf, approval + rng.intBetween(3, 45));
    const approvalYear = formatDay(approval).slice(0, 4);
    const filingYear = formatDay(filing).slice(0, 4);
    return {
      status: 'exempted',
      approvedBy: dept.name,
      approvalRef: `${dept.docPrefix}〔${approvalYear}〕${rng.intBetween(3, 180)}号`,
      approvalDate: formatDay(approval),
      filingRef: `${this.regionSeed.filingPrefix}〔${filingYear}〕${pad(rng.intBetween(1, 300), 3)}号`,
      filingDate: formatDay(filing),
      note: '承担特殊任务，经主管部门审核同意并报备案，不纳入开放共享',
    };
  }

  /**
   * Released by customs 1–12 weeks before installation acceptance. Because
   * acceptance dates span 2012 → asOf, some records are inside their
   * supervision period as of asOf and many are past it.
   */
  private dutyFreeImport(rng: Rng, i: number, acceptance: number): DutyFreeImport {
    const release = acceptance - rng.intBetween(7, 84);
    const year = formatDay(release).slice(0, 4);
    // 22 digits: customs district (4) + year (4) + import flag (1) + a
    // 13-digit serial. The serial is an affine bijection of the record index
    // (multiplier coprime to 10^13, product < 2^53 up to 10^9 records), so
    // numbers never collide within a region and year.
    const serial = (i * 7_654_321 + (this.base % 1_000_000_007)) % 10_000_000_000_000;
    return {
      declarationNo: `${this.regionSeed.customsCode}${year}1${pad(serial, 13)}`,
      releaseDate: formatDay(release),
      supervisionYears: rng.chance(SEED_RATES.longSupervision) ? 5 : 3,
    };
  }
}

/** The region's management units (fixed list; ids `jx-u001` …). */
export function generateUnits(opts: { region: Region; seed?: number }): ManagementUnit[] {
  const { region, seed } = assertOptions({ region: opts.region, count: 0, seed: opts.seed });
  return buildUnits(REGION_SEEDS[region], seed).map((u) => ({ ...u.unit }));
}

/**
 * Streams `count` instruments without holding them: memory stays flat for a
 * million records. Options are checked eagerly (a plain function returning a
 * generator), so bad input fails at the call, not at the first `next()`.
 */
export function generateInstruments(opts: GenerateCatalogOptions): Generator<InstrumentInput, void, undefined> {
  const { region, count, seed, asOf } = assertOptions(opts);
  const plan = new CatalogPlan(region, seed, asOf);
  return (function* stream() {
    for (let i = 0; i < count; i++) yield plan.instrumentAt(i);
  })();
}

/** Units and instruments in memory; use {@link generateInstruments} for big counts. */
export function generateCatalog(opts: GenerateCatalogOptions): GeneratedCatalog {
  const { region, count, seed, asOf } = assertOptions(opts);
  const plan = new CatalogPlan(region, seed, asOf);
  const instruments = new Array<InstrumentInput>(count);
  for (let i = 0; i < count; i++) instruments[i] = plan.instrumentAt(i);
  return { units: plan.units.map((u) => ({ ...u.unit })), instruments };
}
