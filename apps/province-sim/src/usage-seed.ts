import { DEFAULT_AS_OF, Rng, hashString } from '@app/seed';
import type { ProvinceChargeStandard, ProvinceRegion, ProvinceUsageSession } from '@app/province-client';
import type { SeedRecord } from './sim-store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OTHER_REGIONS: readonly ProvinceRegion[] = ['jiaxing', 'shanghai', 'jiangsu', 'anhui'];
const REGION_PREFIX: Record<ProvinceRegion, string> = { zhejiang: 'zj', jiaxing: 'jx', shanghai: 'sh', jiangsu: 'js', anhui: 'ah' };

/**
 * Plausible usage sessions of the province's seeded instruments over the 90
 * days before the generator's reference date: up to four per instrument, in
 * working hours, mostly the owning unit's own people or other Zhejiang units,
 * some from the other YRD regions and some natural persons; one in twenty a
 * no-show. Fees follow each instrument's charge standard (internal price for
 * its own unit, external otherwise, Art. 19). Deterministic: the same records
 * and seed give the same sessions, each instrument's depending only on its id.
 */
export function provinceUsageSeed(records: readonly SeedRecord[], seed: number): ProvinceUsageSession[] {
  const end = Date.parse(`${DEFAULT_AS_OF}T00:00:00+08:00`);
  const units = [...new Set(records.map((r) => r.instrument.ownerUnitCode))].sort();
  const rng = new Rng(0);
  const sessions: { at: number; session: ProvinceUsageSession }[] = [];
  for (const r of records) {
    rng.reseed(hashString(`${seed}:usage:${r.instrumentId}`));
    const count = rng.int(5);
    // Distinct days, so one instrument's sessions never overlap.
    const days = new Set<number>();
    while (days.size < count) days.add(rng.intBetween(1, 90));
    for (const back of [...days].sort((a, b) => b - a)) {
      const owner = r.instrument.ownerUnitCode;
      const requester = pickRequester(rng, owner, units);
      const external = requester.unitId !== owner;
      const noShow = rng.chance(0.05);
      // `end` is a China midnight: 08:00–14:00 China time.
      const start = end - back * DAY + rng.intBetween(8, 14) * HOUR;
      const hours = rng.intBetween(1, 4);
      const fee = r.instrument.chargeStandard;
      const samples = noShow ? 0 : fee?.chargeUnit === 'sample' || fee?.chargeUnit === 'item' ? rng.intBetween(1, 12) : 0;
      sessions.push({
        at: start,
        session: {
          id: `${r.instrumentId}.u${back}`,
          version: 1,
          instrumentId: r.instrumentId,
          ...(noShow ? {} : { start: new Date(start).toISOString(), end: new Date(start + hours * HOUR).toISOString() }),
          outcome: noShow ? 'no_show' : 'completed',
          ...(requester.unitId !== undefined ? { requesterUnitId: requester.unitId } : {}),
          requesterRegion: requester.region,
          external,
          feeChargedFen: noShow ? 0 : feeFen(fee, external, hours, samples),
          samples,
        },
      });
    }
  }
  // Recorded in the order they happened (a no-show at its booked start).
  return sessions.sort((a, b) => a.at - b.at || (a.session.id < b.session.id ? -1 : 1)).map((s) => s.session);
}

/** 40 % the owning unit, 35 % another Zhejiang unit, 12 % a unit of another YRD region, 13 % a natural person. */
function pickRequester(rng: Rng, owner: string, units: readonly string[]): { unitId?: string; region: ProvinceRegion | null } {
  const who = rng.next();
  const others = units.filter((u) => u !== owner);
  if (who < 0.4 || (who < 0.75 && others.length === 0)) return { unitId: owner, region: 'zhejiang' };
  if (who < 0.75) return { unitId: rng.pick(others), region: 'zhejiang' };
  if (who < 0.87) {
    const region = rng.pick(OTHER_REGIONS);
    return { unitId: `${REGION_PREFIX[region]}-u${String(rng.intBetween(1, 40)).padStart(3, '0')}`, region };
  }
  return { region: null };
}

function feeFen(fee: ProvinceChargeStandard | undefined, external: boolean, hours: number, samples: number): number {
  if (!fee) return 0;
  const quantity = fee.chargeUnit === 'hour' ? hours : fee.chargeUnit === 'day' ? 1 : samples;
  let price = external ? fee.externalPriceFen : fee.internalPriceFen;
  for (const tier of fee.tiers ?? []) if (quantity >= tier.fromQuantity) price = external ? tier.externalPriceFen : tier.internalPriceFen;
  return quantity * price + (fee.setupFeeFen ?? 0);
}
