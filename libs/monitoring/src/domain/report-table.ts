/**
 * A report table as every format shows it: JSON rows keyed by column, a CSV,
 * an XLSX sheet. One column list, so the formats cannot disagree.
 */
export type Cell = string | number | boolean | null;

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
