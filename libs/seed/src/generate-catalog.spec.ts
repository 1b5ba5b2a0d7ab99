import { REGIONS, type Region } from '@app/common';
// The catalog's own category table and API body validator: every generated
// record is proven acceptable to POST /instruments and the bulk import.
// (The @app/catalog entry loads ESM `jose` through auth, so run Jest as the
// repo's `npm run test:jest` does, with --experimental-vm-modules.)
import { isValidCategoryCode, validateInstrumentInput, type InstrumentInput } from '@app/catalog';
import { DEFAULT_AS_OF, INSTRUMENT_FAMILIES, generateCatalog, generateInstruments, generateUnits, regionBounds } from '@app/seed';

/**
 * Real-world boxes around each region (hand-written, independent of the seed
 * data), so a wrong city centre or a sign error in the jitter is caught.
 */
const REAL_BOXES: Record<Region, { minLat: number; maxLat: number; minLon: number; maxLon: number }> = {
  jiaxing: { minLat: 30.35, maxLat: 31.05, minLon: 120.3, maxLon: 121.3 },
  zhejiang: { minLat: 27.0, maxLat: 31.2, minLon: 118.0, maxLon: 123.0 },
  shanghai: { minLat: 30.65, maxLat: 31.9, minLon: 120.85, maxLon: 122.2 },
  jiangsu: { minLat: 30.75, maxLat: 35.2, minLon: 116.3, maxLon: 121.95 },
  anhui: { minLat: 29.4, maxLat: 34.7, minLon: 114.85, maxLon: 119.7 },
};

const N = 10_000;
const jiaxing = generateCatalog({ region: 'jiaxing', count: N, seed: 7 });
const share = (pred: (x: InstrumentInput) => boolean) => jiaxing.instruments.filter(pred).length / N;

/**
 * Records failing a check, as `localId: detail`. Asserting once on the list
 * (instead of one expect per record) keeps 10,000-record checks fast and
 * shows every offender at once.
 */
function offenders(xs: InstrumentInput[], check: (x: InstrumentInput) => string | false): string[] {
  const out: string[] = [];
  for (const x of xs) {
    const problem = check(x);
    if (problem !== false) out.push(`${x.localId}: ${problem}`);
  }
  return out.slice(0, 20);
}

const within = (v: number, lo: number, hi: number) => v >= lo && v <= hi;

function addYears(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
}

describe('generateCatalog: determinism', () => {
  it('gives byte-identical output for the same seed', () => {
    const a = generateCatalog({ region: 'shanghai', count: 2_000, seed: 42 });
    const b = generateCatalog({ region: 'shanghai', count: 2_000, seed: 42 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('streams exactly what it builds in memory, and a small catalog is a prefix of a big one', () => {
    const whole = generateCatalog({ region: 'anhui', count: 1_500, seed: 3 });
    expect(JSON.stringify([...generateInstruments({ region: 'anhui', count: 1_500, seed: 3 })])).toBe(JSON.stringify(whole.instruments));
    const small = generateCatalog({ region: 'anhui', count: 300, seed: 3 });
    expect(JSON.stringify(small.instruments)).toBe(JSON.stringify(whole.instruments.slice(0, 300)));
    expect(generateUnits({ region: 'anhui', seed: 3 })).toEqual(whole.units);
  });

  it('differs between seeds and between regions', () => {
    const a = generateCatalog({ region: 'jiangsu', count: 200, seed: 1 });
    const b = generateCatalog({ region: 'jiangsu', count: 200, seed: 2 });
    expect(JSON.stringify(b.instruments)).not.toBe(JSON.stringify(a.instruments));
    const c = generateCatalog({ region: 'zhejiang', count: 200, seed: 1 });
    expect(JSON.stringify(c.instruments)).not.toBe(JSON.stringify(a.instruments));
    const names = (r: Region) => new Set(generateUnits({ region: r }).map((u) => u.name));
    for (const r of REGIONS) for (const s of REGIONS) if (r !== s) expect([...names(r)].filter((n) => names(s).has(n))).toEqual([]);
  });

  it('defaults the seed to 1 and asOf to 2026-11-01', () => {
    expect(JSON.stringify(generateCatalog({ region: 'jiaxing', count: 50 }))).toBe(
      JSON.stringify(generateCatalog({ region: 'jiaxing', count: 50, seed: 1, asOf: '2026-11-01' })),
    );
    expect(DEFAULT_AS_OF).toBe('2026-11-01');
  });
});

describe('generateCatalog: counts, ids and references', () => {
  it.each([0, 1, 1_000])('generates %i instruments', (count) => {
    expect(generateCatalog({ region: 'jiaxing', count }).instruments).toHaveLength(count);
  });

  it('streams 1,000,000 records without holding them', () => {
    let n = 0;
    let last: InstrumentInput | undefined;
    for (const x of generateInstruments({ region: 'shanghai', count: 1_000_000, seed: 9 })) {
      n++;
      last = x;
    }
    expect(n).toBe(1_000_000);
    expect(last?.localId).toBe('SH-1000000');
  });

  it.each(REGIONS.map((r) => [r]))('has real-looking units with unique ids in %s', (region) => {
    const units = generateUnits({ region });
    expect(units.length).toBeGreaterThanOrEqual(12);
    expect(new Set(units.map((u) => u.id)).size).toBe(units.length);
    const prefix = { jiaxing: 'jx', zhejiang: 'zj', shanghai: 'sh', jiangsu: 'js', anhui: 'ah' }[region];
    for (const u of units) {
      expect(u.id).toMatch(new RegExp(`^${prefix}-u\\d{3}$`));
      expect(u.region).toBe(region);
      expect(u.city).toMatch(/市$/);
      expect(u.nameEn).toBeTruthy();
    }
    // Every sector has at least one unit, so department reports have something to aggregate.
    expect(new Set(units.map((u) => u.sector))).toEqual(new Set(['education', 'health', 'market_regulation', 'sasac', 'science']));
  });

  it('keeps local ids, IoT sensor ids and declaration numbers unique within the region', () => {
    const unique = (xs: string[]) => new Set(xs).size === xs.length;
    expect(unique(jiaxing.instruments.map((x) => x.localId))).toBe(true);
    expect(unique(jiaxing.instruments.flatMap((x) => (x.iotSensorId ? [x.iotSensorId] : [])))).toBe(true);
    const declarations = jiaxing.instruments.flatMap((x) => (x.dutyFreeImport ? [x.dutyFreeImport.declarationNo] : []));
    expect(unique(declarations)).toBe(true);
    for (const d of declarations) expect(d).toMatch(/^2920(20\d\d)1\d{13}$/);
  });

  it('references only existing units, in the unit city and within the region', () => {
    for (const region of REGIONS) {
      const { units, instruments } = generateCatalog({ region, count: 2_000 });
      const byId = new Map(units.map((u) => [u.id, u]));
      const derived = regionBounds(region);
      const real = REAL_BOXES[region];
      const bad = offenders(instruments, (x) => {
        const unit = byId.get(x.unitId);
        if (!unit) return `unknown unit ${x.unitId}`;
        if (x.city !== unit.city) return `city ${x.city} ≠ unit city ${unit.city}`;
        if (!x.address?.startsWith(x.city.slice(0, 2))) return `address ${x.address} not in ${x.city}`;
        const { lat, lon } = x.location!;
        for (const box of [derived, real]) {
          if (!within(lat, box.minLat, box.maxLat) || !within(lon, box.minLon, box.maxLon)) return `(${lat}, ${lon}) outside ${JSON.stringify(box)}`;
        }
        return false;
      });
      expect(bad).toEqual([]);
      // All units own something at this size (weights are not degenerate).
      expect(new Set(instruments.map((x) => x.unitId)).size).toBe(units.length);
    }
  });
});

describe('generateCatalog: realism', () => {
  it('draws from at least 30 real families, each in a valid national sub-class', () => {
    expect(INSTRUMENT_FAMILIES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(INSTRUMENT_FAMILIES.map((f) => f.key)).size).toBe(INSTRUMENT_FAMILIES.length);
    for (const f of INSTRUMENT_FAMILIES) {
      expect(isValidCategoryCode(f.categoryCode)).toBe(true);
      expect(f.categoryCode).toMatch(/^\d{4}$/);
      expect(f.makers.length).toBeGreaterThan(0);
      expect(f.fee.internal[0]).toBeLessThanOrEqual(f.fee.internal[1]);
    }
    expect(offenders(jiaxing.instruments, (x) => !isValidCategoryCode(x.categoryCode) && x.categoryCode)).toEqual([]);
    expect(new Set(jiaxing.instruments.map((x) => x.name)).size).toBeGreaterThanOrEqual(30);
  });

  it('pairs names, categories, makers and models consistently', () => {
    const byName = new Map(INSTRUMENT_FAMILIES.map((f) => [f.name, f]));
    const bad = offenders(jiaxing.instruments, (x) => {
      const family = byName.get(x.name);
      if (!family) return `unknown family ${x.name}`;
      if (x.categoryCode !== family.categoryCode || x.nameEn !== family.nameEn) return `${x.categoryCode} / ${x.nameEn} do not match ${family.key}`;
      const line = family.makers.find((m) => m.manufacturer === x.manufacturer && m.models.includes(x.model!));
      if (!line) return `${x.manufacturer} ${x.model} is not a ${family.key}`;
      return line.country === x.countryOfOrigin ? false : `country ${x.countryOfOrigin} ≠ ${line.country}`;
    });
    expect(bad).toEqual([]);
    const sem = jiaxing.instruments.find((x) => x.name === '场发射扫描电子显微镜')!;
    expect(sem.categoryCode).toBe('0101');
  });

  it('prices instruments log-normally in 0.3–20 million CNY, with about 3% below the scope threshold', () => {
    const values = jiaxing.instruments.map((x) => x.valueCny).sort((a, b) => a - b);
    expect(offenders(jiaxing.instruments, (x) => !(Number.isInteger(x.valueCny / 100) && within(x.valueCny, 80_000, 20_000_000)) && `${x.valueCny}`)).toEqual(
      [],
    );
    const below = share((x) => x.valueCny < 300_000);
    expect(below).toBeGreaterThan(0.02);
    expect(below).toBeLessThan(0.045);
    const median = values[N / 2];
    expect(median).toBeGreaterThan(500_000);
    expect(median).toBeLessThan(3_000_000);
    expect(values[Math.floor(N * 0.99)]).toBeGreaterThan(8_000_000);
  });

  it('funds mostly from fiscal money, some state capital, some other', () => {
    expect(share((x) => x.fundingSource === 'fiscal')).toBeGreaterThan(0.6);
    expect(share((x) => x.fundingSource === 'state_capital')).toBeGreaterThan(0.03);
    expect(share((x) => x.fundingSource === 'state_capital')).toBeLessThan(0.3);
    expect(share((x) => x.fundingSource === 'other')).toBeGreaterThan(0.03);
  });

  it('marks about 2% confidential and 1% exempted, exemptions with full approval and filing records', () => {
    const confidential = share((x) => x.confidentiality.status === 'confidential');
    const exempted = jiaxing.instruments.filter((x) => x.confidentiality.status === 'exempted');
    expect(confidential).toBeGreaterThan(0.013);
    expect(confidential).toBeLessThan(0.028);
    expect(exempted.length / N).toBeGreaterThan(0.005);
    expect(exempted.length / N).toBeLessThan(0.016);
    const bad = offenders(exempted, ({ confidentiality: c, acceptanceDate }) => {
      const complete =
        /^嘉兴市/.test(c.approvedBy ?? '') &&
        /^嘉.+〔20\d\d〕\d+号$/.test(c.approvalRef ?? '') &&
        /^浙大仪备〔20\d\d〕\d{3}号$/.test(c.filingRef ?? '') &&
        c.approvalDate! >= acceptanceDate! &&
        c.filingDate! >= c.approvalDate! &&
        c.filingDate! <= DEFAULT_AS_OF;
      return !complete && JSON.stringify(c);
    });
    expect(bad).toEqual([]);
    // Excluded instruments are never sent to the province, so none has joined it.
    expect(offenders(jiaxing.instruments, (x) => x.confidentiality.status !== 'none' && x.provincialJoinDate !== undefined && 'joined')).toEqual([]);
  });

  it('imports about 8% duty-free, foreign-made, with some inside and some outside supervision as of asOf', () => {
    const imports = jiaxing.instruments.filter((x) => x.dutyFreeImport);
    expect(imports.length / N).toBeGreaterThan(0.05);
    expect(imports.length / N).toBeLessThan(0.11);
    let inside = 0;
    let threeYears = 0;
    const bad = offenders(imports, (x) => {
      const d = x.dutyFreeImport!;
      if (d.supervisionYears === 3) threeYears++;
      if (DEFAULT_AS_OF <= addYears(d.releaseDate, d.supervisionYears)) inside++;
      return (x.countryOfOrigin === 'CN' || d.releaseDate > x.acceptanceDate!) && `${x.countryOfOrigin} ${d.releaseDate}`;
    });
    expect(bad).toEqual([]);
    expect(threeYears / imports.length).toBeGreaterThan(0.9);
    expect(inside / imports.length).toBeGreaterThan(0.1);
    expect(inside / imports.length).toBeLessThan(0.6);
    // Enterprises do not get duty-free research imports.
    const enterprises = new Set(jiaxing.units.filter((u) => u.kind === 'enterprise').map((u) => u.id));
    expect(imports.some((x) => enterprises.has(x.unitId))).toBe(false);
  });

  it('dates acceptance 2012 → asOf and joins the provincial platform mostly on time, some late, some missing', () => {
    let onTime = 0;
    let late = 0;
    let missing = 0;
    const bad = offenders(jiaxing.instruments, (x) => {
      if (!(x.acceptanceDate! >= '2012-01-01' && x.acceptanceDate! <= DEFAULT_AS_OF)) return `accepted ${x.acceptanceDate}`;
      if (x.provincialJoinDate === undefined) {
        missing++;
        return false;
      }
      if (x.provincialJoinDate > DEFAULT_AS_OF) return `joined ${x.provincialJoinDate} after asOf`;
      const days = (Date.parse(x.provincialJoinDate) - Date.parse(x.acceptanceDate!)) / 86_400_000;
      // ≤ 35 calendar days is always within 30 working days; ≥ 60 never is.
      if (days >= 1 && days <= 35) onTime++;
      else if (days >= 60) late++;
      else return `ambiguous join delay of ${days} days`;
      return false;
    });
    expect(bad).toEqual([]);
    expect(onTime / N).toBeGreaterThan(0.7);
    expect(late / N).toBeGreaterThan(0.05);
    expect(missing / N).toBeGreaterThan(0.05);
    const years = new Set(jiaxing.instruments.map((x) => x.acceptanceDate!.slice(0, 4)));
    for (let y = 2012; y <= 2026; y++) expect(years.has(String(y))).toBe(true);
  });

  it('keeps every generated date on or before a custom asOf', () => {
    const { instruments } = generateCatalog({ region: 'jiangsu', count: 3_000, asOf: '2020-06-30' });
    const dates = (x: InstrumentInput) => [
      x.acceptanceDate,
      x.provincialJoinDate,
      x.dutyFreeImport?.releaseDate,
      x.confidentiality.approvalDate,
      x.confidentiality.filingDate,
    ];
    expect(offenders(instruments, (x) => dates(x).some((d) => d !== undefined && d > '2020-06-30') && dates(x).join(' '))).toEqual([]);
  });

  it('offers non-empty service modes and structured fees (external ≥ internal), missing for about 5%', () => {
    const bad = offenders(jiaxing.instruments, (x) => {
      if (x.serviceModes.length === 0 || new Set(x.serviceModes).size !== x.serviceModes.length) return `modes ${x.serviceModes}`;
      const fee = x.fee;
      if (!fee) return false;
      const ok =
        fee.internalPriceCny > 0 &&
        fee.externalPriceCny >= fee.internalPriceCny &&
        (fee.tiers ?? []).every((t) => t.externalPriceCny >= t.internalPriceCny && t.internalPriceCny <= fee.internalPriceCny);
      return !ok && JSON.stringify(fee);
    });
    expect(bad).toEqual([]);
    const missing = share((x) => x.fee === undefined);
    expect(missing).toBeGreaterThan(0.035);
    expect(missing).toBeLessThan(0.065);
    // Hourly for imaging, per sample for routine analysers.
    expect(jiaxing.instruments.find((x) => x.name === '透射电子显微镜' && x.fee)!.fee!.unit).toBe('hour');
    expect(jiaxing.instruments.find((x) => x.name === '高效液相色谱仪' && x.fee)!.fee!.unit).toBe('sample');
  });

  it('gives most instruments an IoT sensor and about 20% owner approval', () => {
    expect(share((x) => x.iotSensorId !== undefined)).toBeGreaterThan(0.8);
    expect(share((x) => x.iotSensorId !== undefined)).toBeLessThan(0.9);
    expect(share((x) => x.requiresOwnerApproval === true)).toBeGreaterThan(0.17);
    expect(share((x) => x.requiresOwnerApproval === true)).toBeLessThan(0.23);
  });

  it('produces records the API validator accepts unchanged', () => {
    for (const region of REGIONS) {
      const { instruments } = generateCatalog({ region, count: 1_000, seed: 5 });
      const now = new Date(`${DEFAULT_AS_OF}T00:00:00Z`);
      const bad = offenders(instruments, (x) => {
        const result = validateInstrumentInput(x, { now });
        if (!result.ok) return JSON.stringify(result.violations);
        // Already normalised: the validator changes nothing.
        return JSON.stringify(result.value) !== JSON.stringify(x) && 'normalised differently';
      });
      expect(bad).toEqual([]);
    }
  });
});

describe('generateCatalog: options', () => {
  it('rejects bad options at the call, even when streaming', () => {
    expect(() => generateInstruments({ region: 'beijing' as Region, count: 1 })).toThrow(RangeError);
    expect(() => generateInstruments({ region: 'jiaxing', count: -1 })).toThrow(RangeError);
    expect(() => generateInstruments({ region: 'jiaxing', count: 1.5 })).toThrow(RangeError);
    expect(() => generateCatalog({ region: 'jiaxing', count: 1, seed: Number.NaN })).toThrow(RangeError);
    expect(() => generateCatalog({ region: 'jiaxing', count: 1, asOf: '2026-02-30' })).toThrow(RangeError);
  });
});
