import { Inject, Injectable } from '@nestjs/common';
import { InstrumentDutyFactsUseCase, InstrumentFactsUseCase, ListUnitsUseCase } from '@app/catalog';
import { ReminderAcknowledgementsUseCase, assessDuties, bound, OWN_REGION, type JiaxingDuties } from '@app/compliance';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { compareDates, ratedHoursFor } from '@app/policy';
import { UsageReportUseCase } from '@app/usage';
import type { InstrumentFigures, UnitInfo } from '../domain/scoring';

const HOUR = 3600;

/**
 * What the evaluation reads of a year, each through its owning lib: the
 * in-scope instruments and units (catalog), their Art. 13 duties as of the
 * year's last day (compliance's rules on the province's listing date), the
 * reminders of the year and their acknowledgement (compliance), and use from
 * the daily rollups (usage). Participating units are Jiaxing units with at
 * least one instrument in the mandatory scope that is not confidential or
 * exempted (Arts. 2, 11).
 */
@Injectable()
export class EvaluationInputs {
  constructor(
    private readonly units: ListUnitsUseCase,
    private readonly dutyFacts: InstrumentDutyFactsUseCase,
    private readonly facts: InstrumentFactsUseCase,
    private readonly usage: UsageReportUseCase,
    private readonly reminders: ReminderAcknowledgementsUseCase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async of(year: number): Promise<{ units: UnitInfo[]; instruments: InstrumentFigures[]; period: { from: string; to: string } }> {
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const known = new Map((await this.units.execute({ region: OWN_REGION })).map((u) => [u.id, u]));
    const inScope = (await this.dutyFacts.list({ region: OWN_REGION })).filter((f) => bound(f) && known.has(f.unitId));
    const ids = inScope.map((f) => f.id);
    const excluded = (await this.facts.excluded()).map((e) => e.id);
    const scope = { from, to, excluded };
    const [totals, crossRegion, sensors, acknowledgements] = await Promise.all([
      this.usage.totals(scope, 'instrument'),
      this.usage.crossRegionByInstrument(scope),
      this.facts.execute(ids),
      this.reminders.inYear(year),
    ]);
    const use = new Map(totals.map((t) => [t.key, t]));
    const effectiveDate = this.config.measures.effectiveDate;

    const instruments = inScope.map((f): InstrumentFigures => {
      const u = use.get(f.id);
      const effective = (u?.effectiveSeconds ?? 0) / HOUR;
      const external = (u?.externalSeconds ?? 0) / HOUR;
      const rated = ratedHoursFor(f.categoryCode, from, to, this.config.usage);
      // As of the year's last day: a listing after it did not exist yet.
      const listedBy = f.provinceListedOn && compareDates(f.provinceListedOn, to) <= 0 ? f.provinceListedOn : undefined;
      const duties = assessDuties({ ...f, provinceListedOn: listedBy }, to, effectiveDate) as JiaxingDuties;
      const termsDefined = duties.serviceTerms.outcome === 'defined';
      const ack = acknowledgements.get(f.id);
      return {
        instrumentId: f.id,
        unitId: f.unitId,
        categoryCode: f.categoryCode,
        ratedHours: rated,
        raw: {
          serviceTermsDefined: termsDefined ? 1 : 0,
          // Not yet due at the year's end is no failure; late, overdue or without an acceptance date is.
          onboardingOnTime: duties.onboarding.outcome === 'on_time' || duties.onboarding.outcome === 'due' ? 1 : 0,
          // No reminder in the year: nothing was left unanswered.
          remindersAcknowledged: ack && ack.total > 0 ? ack.acknowledged / ack.total : 1,
          rulesPublished: listedBy !== undefined && termsDefined ? 1 : 0,
          utilisation: rated > 0 ? effective / rated : 0,
          effectiveHours: effective,
          iotCoverage: sensors.get(f.id)?.iotSensorId || (u?.powerSeconds ?? 0) > 0 ? 1 : 0,
          sharingRate: effective > 0 ? external / effective : 0,
          externalHours: external,
          crossRegionHours: (crossRegion.get(f.id) ?? 0) / HOUR,
          feeIncome: (u?.feeFen ?? 0) / 100,
        },
      };
    });
    const participating = new Set(instruments.map((i) => i.unitId));
    const units = [...participating].sort().map((id): UnitInfo => {
      const unit = known.get(id)!;
      return { unitId: id, unitName: unit.name, departmentCode: unit.competentDepartment.code, departmentName: unit.competentDepartment.name };
    });
    return { units, instruments, period: { from, to } };
  }
}
