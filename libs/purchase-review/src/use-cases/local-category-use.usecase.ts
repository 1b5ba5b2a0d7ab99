import { Inject, Injectable } from '@nestjs/common';
import { InstrumentCensusUseCase, InstrumentFactsUseCase } from '@app/catalog';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { UsageReportUseCase } from '@app/usage';
import { NO_USE, addSums, ratedHoursOf, type UseSums } from '../domain/evidence';

/** Sums per owning region and unit (`<region>|<unitId>`). */
export type UseByUnit = Map<string, UseSums>;

export const unitKey = (region: string, unitId: string) => `${region}|${unitId}`;

/** Sums the entries of `byUnit` that `keep` accepts. */
export function sumWhere(byUnit: UseByUnit, keep: (region: string, unitId: string) => boolean): UseSums {
  let total = NO_USE;
  for (const [key, sums] of byUnit) {
    const [region, unitId] = key.split('|');
    if (keep(region, unitId)) total = addSums(total, sums);
  }
  return total;
}

/**
 * How the same-category instruments we hold were used over a period, per
 * owning unit: the live instruments of the catalog (count and rated hours)
 * and the use in the daily rollups (our own sessions and power-on, the
 * province's fed sessions on its instruments). Confidential and exempted
 * instruments (Arts. 2, 11) are left out entirely, their use too: the
 * figures leave the unit (to the department, to partners). Use of an
 * instrument withdrawn since still counts; it adds no instrument and no rated
 * hours (as the monitoring's indicators).
 */
@Injectable()
export class LocalCategoryUseUseCase {
  constructor(
    private readonly census: InstrumentCensusUseCase,
    private readonly facts: InstrumentFactsUseCase,
    private readonly usage: UsageReportUseCase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Live instruments of the regions per 4-digit sub-class of `classCode`, confidential and exempted ones left out: who a sum is over. */
  async instrumentsBySubclass(classCode: string, regions: readonly string[]): Promise<Map<string, number>> {
    const bySubclass = new Map<string, number>();
    for (const c of await this.census.counts()) {
      if (c.excluded || !regions.includes(c.region) || !c.categoryCode.startsWith(classCode)) continue;
      const subclass = c.categoryCode.slice(0, 4);
      bySubclass.set(subclass, (bySubclass.get(subclass) ?? 0) + c.instruments);
    }
    return bySubclass;
  }

  /**
   * `sharedNow`: only the use of instruments live and shared now. For figures
   * that leave the region: a partner sees a withdrawn and a hidden instrument
   * leave its feed alike (one tombstone each), so their history must leave its
   * sums alike too, or re-asking a past period tells which one was hidden.
   */
  async execute(query: { categoryPrefix: string; from: string; to: string; regions: readonly string[]; sharedNow?: boolean }): Promise<UseByUnit> {
    const [counts, excluded] = await Promise.all([this.census.counts(), this.facts.excluded()]);
    const byUnit: UseByUnit = new Map();
    const add = (key: string, sums: UseSums) => byUnit.set(key, addSums(byUnit.get(key) ?? NO_USE, sums));
    for (const c of counts) {
      if (c.excluded || !query.regions.includes(c.region) || !c.categoryCode.startsWith(query.categoryPrefix)) continue;
      add(unitKey(c.region, c.unitId), {
        ...NO_USE,
        instruments: c.instruments,
        ratedHours: ratedHoursOf(c.instruments, c.categoryCode, query.from, query.to, this.config.usage),
      });
    }
    const scope = { from: query.from, to: query.to, excluded: excluded.map((e) => e.id), ownerRegions: query.regions, categoryPrefix: query.categoryPrefix };
    if (query.sharedNow) {
      const used = await this.usage.totals(scope, 'instrument');
      const facts = await this.facts.execute(used.map((u) => u.key));
      for (const u of used) {
        const f = facts.get(u.key);
        if (f && !f.withdrawn && !f.excluded)
          add(unitKey(f.region, f.unitId), { ...NO_USE, effectiveSeconds: u.effectiveSeconds, externalSeconds: u.externalSeconds });
      }
      return byUnit;
    }
    for (const u of await this.usage.totals(scope, 'unit')) add(u.key, { ...NO_USE, effectiveSeconds: u.effectiveSeconds, externalSeconds: u.externalSeconds });
    return byUnit;
  }
}
