import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { competentDepartmentOf, InstrumentDutyFactsUseCase, SECTORS } from '@app/catalog';
import { Clock, daysInMonth, DomainError, isDepartmentCode } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { compareDates } from '@app/policy';
import { LastUseUseCase, UsagePeriodTotalsUseCase } from '@app/usage';
import { assessDuties, assessIdleDuty, bound, excluded, lastUseDay, OWN_REGION, type JiaxingDuties } from '../domain/duties';
import { sharingFigures, totalsOf, type QuarterlyReport, type QuarterlyUnitRow } from '../domain/quarterly-report';
import { ComplianceScope } from './compliance-scope';
import { quarterlyReportInput, type QuarterlyReportInput } from './quarterly-report.input';
import { endOfChinaDay } from './scan-duties.usecase';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Art. 14: a competent department's quarterly figures, per unit of its sector:
 * purchases of the quarter, instruments bound by the measures, their listing
 * on the province (the province's own dates), overdue listings, idle
 * instruments, and the quarter's sharing from the usage rollups. Confidential
 * and exempted instruments (Arts. 2, 11) are in none of it: neither their
 * purchase nor their use. A department reads its own report only; admins any.
 */
@Injectable()
export class QuarterlyReportUseCase {
  constructor(
    private readonly scope: ComplianceScope,
    private readonly facts: InstrumentDutyFactsUseCase,
    private readonly lastUse: LastUseUseCase,
    private readonly usage: UsagePeriodTotalsUseCase,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(code: string, input: QuarterlyReportInput, principal: Principal): Promise<QuarterlyReport> {
    if (!principal.roles.includes('admin') && principal.department !== code) throw DomainError.forbidden('a department reads its own quarterly report only');
    if (!isDepartmentCode(code)) throw DomainError.notFound(`department ${code}`);
    const { year, quarter } = quarterlyReportInput.parse(input);

    const from = `${year}-${pad(quarter * 3 - 2)}-01`;
    const to = `${year}-${pad(quarter * 3)}-${pad(daysInMonth(year, quarter * 3))}`;
    const today = this.clock.today();
    if (compareDates(from, today) > 0) throw DomainError.validation([{ field: 'quarter', message: `has not begun yet (today is ${today})` }]);
    const asOf = compareDates(to, today) <= 0 ? to : today;
    const effectiveDate = this.config.measures.effectiveDate;

    const units = await this.scope.departmentUnits(code);
    const unitIds = units.map((u) => u.id);
    const instruments = unitIds.length > 0 ? (await this.facts.list({ region: OWN_REGION, unitIds })).filter((f) => !excluded(f)) : [];
    const used = await this.lastUse.execute(
      instruments.filter(bound).map((f) => f.id),
      endOfChinaDay(asOf),
    );
    // The live instruments it may count, by name: an excluded one's sessions and power-ons stay out
    // (so does the use of one withdrawn since, whose facts are gone: failing closed).
    const usage =
      unitIds.length > 0 ? await this.usage.byUnit({ region: OWN_REGION, from, to, unitIds, instrumentIds: instruments.map((f) => f.id) }) : new Map();

    const rows = new Map<string, QuarterlyUnitRow>(
      units.map((u) => [
        u.id,
        {
          unitId: u.id,
          unitName: u.name,
          purchased: { count: 0, valueCny: 0 },
          inScope: 0,
          listed: 0,
          overdueListings: 0,
          lateListings: 0,
          idle: 0,
          sharing: sharingFigures(usage.get(u.id) ?? { effectiveSeconds: 0, externalSeconds: 0, sessions: 0, feeFen: 0 }),
        },
      ]),
    );
    for (const f of instruments) {
      const row = rows.get(f.unitId);
      if (!row) continue;
      if (f.acceptanceDate && compareDates(f.acceptanceDate, from) >= 0 && compareDates(f.acceptanceDate, to) <= 0) {
        row.purchased.count += 1;
        row.purchased.valueCny += f.valueCny;
      }
      if (!bound(f)) continue;
      row.inScope += 1;
      // As of the period's end: a listing after it did not exist yet.
      const listedBy = f.provinceListedOn && compareDates(f.provinceListedOn, asOf) <= 0 ? f.provinceListedOn : undefined;
      const duties = assessDuties({ ...f, provinceListedOn: listedBy }, asOf, effectiveDate) as JiaxingDuties;
      if (listedBy) row.listed += 1;
      if (duties.onboarding.outcome === 'overdue') row.overdueListings += 1;
      if (duties.onboarding.outcome === 'late') row.lateListings += 1;
      const last = used.get(f.id);
      if (assessIdleDuty(f, last ? lastUseDay(last) : undefined, asOf, effectiveDate).outcome === 'idle') row.idle += 1;
    }
    const department = SECTORS.map(competentDepartmentOf).find((d) => d.code === code) ?? { code, name: code, nameEn: code };
    const unitRows = [...rows.values()];
    return {
      department: { code: department.code, name: department.name, nameEn: department.nameEn },
      year,
      quarter,
      from,
      to,
      asOf,
      units: unitRows,
      totals: totalsOf(unitRows),
    };
  }
}
