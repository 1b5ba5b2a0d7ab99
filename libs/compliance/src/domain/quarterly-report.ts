import { sharingRate } from '@app/policy';

export interface QuarterlyUnitRow {
  unitId: string;
  unitName: string;
  /** Instruments whose installation acceptance (purchase) falls in the quarter. */
  purchased: { count: number; valueCny: number };
  /** In the mandatory scope (Art. 2) and not excluded (Art. 11): bound by Arts. 13 and 15. */
  inScope: number;
  /** Of those, listed on the provincial platform by the end of the period (the province's own date). */
  listed: number;
  /** Not listed and past their 30-working-day deadline at the end of the period (Art. 13). */
  overdueListings: number;
  /** Listed, but after their deadline. */
  lateListings: number;
  /** Idle at the end of the period: no power-on and no session for a month (Art. 15). */
  idle: number;
  /** From the usage rollups over the quarter's days. */
  sharing: { effectiveHours: number; externalHours: number; sharingRate: number | null; sessions: number; feeIncomeCny: number };
}

export interface QuarterlyReport {
  department: { code: string; name: string; nameEn: string };
  year: number;
  quarter: number;
  from: string;
  to: string;
  /** The day the figures are as of: the quarter's last day, or today while it runs. */
  asOf: string;
  units: QuarterlyUnitRow[];
  totals: Omit<QuarterlyUnitRow, 'unitId' | 'unitName'>;
}

export const hours = (seconds: number): number => Math.round((seconds / 3600) * 100) / 100;

export function sharingFigures(t: { effectiveSeconds: number; externalSeconds: number; sessions: number; feeFen: number }): QuarterlyUnitRow['sharing'] {
  const effectiveHours = hours(t.effectiveSeconds);
  const externalHours = hours(t.externalSeconds);
  return {
    effectiveHours,
    externalHours,
    sharingRate: sharingRate(t.externalSeconds / 3600, t.effectiveSeconds / 3600),
    sessions: t.sessions,
    feeIncomeCny: t.feeFen / 100,
  };
}

/** Column sums; the sharing rate of the sums, not a sum of rates. */
export function totalsOf(rows: readonly QuarterlyUnitRow[]): QuarterlyReport['totals'] {
  const sum = (pick: (r: QuarterlyUnitRow) => number) => rows.reduce((acc, r) => acc + pick(r), 0);
  return {
    purchased: { count: sum((r) => r.purchased.count), valueCny: sum((r) => r.purchased.valueCny) },
    inScope: sum((r) => r.inScope),
    listed: sum((r) => r.listed),
    overdueListings: sum((r) => r.overdueListings),
    lateListings: sum((r) => r.lateListings),
    idle: sum((r) => r.idle),
    sharing: sharingFigures({
      effectiveSeconds: sum((r) => r.sharing.effectiveHours * 3600),
      externalSeconds: sum((r) => r.sharing.externalHours * 3600),
      sessions: sum((r) => r.sharing.sessions),
      feeFen: Math.round(sum((r) => r.sharing.feeIncomeCny * 100)),
    }),
  };
}

export const QUARTERLY_CSV_HEADER = [
  'unit_id',
  'unit_name',
  'purchased_count',
  'purchased_value_cny',
  'in_scope',
  'listed',
  'overdue_listings',
  'late_listings',
  'idle',
  'effective_hours',
  'external_hours',
  'sharing_rate',
  'sessions',
  'fee_income_cny',
];

/** One line per unit, then the totals (unit_id `TOTAL`). */
export function quarterlyCsvRows(report: QuarterlyReport): unknown[][] {
  const line = (id: string, name: string, r: QuarterlyReport['totals']) => [
    id,
    name,
    r.purchased.count,
    r.purchased.valueCny,
    r.inScope,
    r.listed,
    r.overdueListings,
    r.lateListings,
    r.idle,
    r.sharing.effectiveHours,
    r.sharing.externalHours,
    r.sharing.sharingRate ?? '',
    r.sharing.sessions,
    r.sharing.feeIncomeCny,
  ];
  return [QUARTERLY_CSV_HEADER, ...report.units.map((u) => line(u.unitId, u.unitName, u)), line('TOTAL', report.department.name, report.totals)];
}
