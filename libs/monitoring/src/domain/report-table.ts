import { sharingRate, utilisation } from '@app/policy';

/**
 * A report table as every format shows it: JSON rows keyed by column, a CSV,
 * an XLSX sheet. One column list, so the formats cannot disagree.
 */
export type Cell = string | number | boolean | null;

/** How a report is written. */
export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** The cross-region report's tables: a CSV carries one of them. */
export const CROSS_REGION_TABLES = ['matrix', 'trend', 'categories', 'units', 'crossRegionInstruments', 'sources'] as const;
export type CrossRegionTable = (typeof CROSS_REGION_TABLES)[number];

export interface ReportColumn {
  key: string;
  /** Bilingual header for CSV and XLSX. */
  header: string;
}

export interface ReportTable {
  /** Name of the JSON property, the CSV file and the XLSX sheet. */
  name: string;
  columns: readonly ReportColumn[];
  rows: Record<string, Cell>[];
}

export function column(key: string, header: string): ReportColumn {
  return { key, header };
}

/** The figures every indicator row starts with (docs/monitoring.md defines them). */
export const USE_COLUMNS: readonly ReportColumn[] = [
  column('instruments', '仪器数 instruments'),
  column('effectiveHours', '有效机时(小时) effective hours'),
  column('externalHours', '对外服务机时(小时) external hours'),
  column('ratedHours', '额定机时(小时) rated hours'),
  column('utilisation', '使用率 utilisation'),
  column('sharingRate', '共享率 sharing rate'),
];

/** Hours from seconds, to 4 decimals (what a spreadsheet sums without visible drift). */
export function hours(seconds: number): number {
  return Math.round((seconds / 3600) * 10_000) / 10_000;
}

/** Yuan from fen, exactly two decimals. */
export function yuan(fen: number): number {
  return Math.round(fen) / 100;
}

/** A ratio to 4 decimals, null over zero. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/** The USE_COLUMNS figures of a row: its instruments and rated hours, and its effective and external seconds. */
export function useFigures(instruments: number, ratedHours: number, effectiveSeconds: number, externalSeconds: number): Record<string, number | null> {
  return {
    instruments,
    effectiveHours: hours(effectiveSeconds),
    externalHours: hours(externalSeconds),
    ratedHours: Math.round(ratedHours * 100) / 100,
    utilisation: utilisation(effectiveSeconds / 3600, ratedHours),
    sharingRate: sharingRate(externalSeconds / 3600, effectiveSeconds / 3600),
  };
}
