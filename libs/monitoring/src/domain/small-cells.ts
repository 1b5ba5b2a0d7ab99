import { smallCellRows } from '@app/policy';
import type { Cell, ReportTable } from './report-table';

/** The figures of a row that tell what its members did, and the column counting those members. */
interface Group {
  members: string;
  figures: readonly string[];
}

const SESSIONS = (figures: readonly string[]): Group => ({ members: 'sessions', figures: ['sessions', ...figures] });
const BOOKINGS: Group = { members: 'bookings', figures: ['bookings', 'confirmedHours'] };
const USE = SESSIONS(['effectiveHours', 'externalHours', 'utilisation', 'sharingRate', 'feeCny']);

/** Per table of the cross-region report: which figures rest on how many sessions or bookings. */
const GROUPS: Readonly<Record<string, readonly Group[]>> = {
  matrix: [SESSIONS(['effectiveHours', 'feeCny']), BOOKINGS],
  trend: [SESSIONS(['effectiveHours', 'externalHours', 'crossRegionHours', 'feeCny']), BOOKINGS],
  categories: [USE],
  units: [USE],
};

/**
 * The cross-region report without small cells (Arts. 11, 17; `@app/policy` small-cells): a
 * figure resting on fewer than `min` sessions (or bookings) is one person's use, so it becomes
 * null, with the next smallest row of its table while the withheld ones could be read off a total
 * (every table sums to the same period's total). An instrument is listed among the most used
 * across regions only with at least `min` cross-region sessions: its row is its users' use.
 * Catalog facts (instruments, rated hours, regions, units) stay: they are nobody's use.
 */
export function withholdSmallCells(tables: readonly ReportTable[], min: number): ReportTable[] {
  return tables.map((table) => {
    if (table.name === 'crossRegionInstruments') return { ...table, rows: table.rows.filter((row) => Number(row.sessions) >= min) };
    const groups = GROUPS[table.name];
    if (!groups) return table;
    const rows = table.rows.map((row) => ({ ...row }));
    for (const group of groups) {
      for (const i of smallCellRows(
        rows.map((row) => Number(row[group.members] ?? 0)),
        min,
      )) {
        for (const figure of group.figures) rows[i][figure] = null as Cell;
      }
    }
    return { ...table, rows };
  });
}
