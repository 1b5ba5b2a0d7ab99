import { EVALUATION_DIMENSIONS, EVALUATION_INDICATORS, type EvaluationIndicator } from '@app/config';
import { column, type Cell, type ReportColumn, type ReportTable } from '@app/monitoring';
import type { StoredResult } from '../domain/evaluation';
import { DIMENSION_LABELS, INDICATOR_LABELS } from '../domain/scoring';

const INDICATORS = EVALUATION_DIMENSIONS.flatMap((d) => EVALUATION_INDICATORS[d] as readonly EvaluationIndicator[]);

/** One column list for CSV, XLSX (and the JSON figures they are checked against): a row per unit in rank order. */
export const RESULT_COLUMNS: readonly ReportColumn[] = [
  column('rank', '排名 rank'),
  column('unitId', '单位编号 unit id'),
  column('unitName', '单位名称 unit'),
  column('departmentCode', '主管部门 department'),
  column('instruments', '参评仪器数 instruments'),
  column('total', '总分 total score'),
  column('grade', '等级 grade'),
  column('capped', '受15%上限限制 capped by the 15 % rule'),
  ...EVALUATION_DIMENSIONS.map((d) => column(`${d}Score`, `${DIMENSION_LABELS[d].zh}得分 ${DIMENSION_LABELS[d].en} score`)),
  ...INDICATORS.flatMap((k) => [
    column(`${k}Raw`, `${INDICATOR_LABELS[k].zh} ${INDICATOR_LABELS[k].en}`),
    column(`${k}Score`, `${INDICATOR_LABELS[k].zh}得分 ${INDICATOR_LABELS[k].en} score`),
  ]),
];

/** A result as the table's row: the same figures as the JSON breakdown, flattened. */
export function resultRow(r: StoredResult): Record<string, Cell> {
  const row: Record<string, Cell> = {
    rank: r.rank,
    unitId: r.unitId,
    unitName: r.unitName,
    departmentCode: r.departmentCode,
    instruments: r.instruments,
    total: r.total,
    grade: r.grade,
    capped: r.capped,
  };
  for (const d of r.dimensions) {
    row[`${d.dimension}Score`] = d.score;
    for (const i of d.indicators) {
      row[`${i.indicator}Raw`] = i.raw;
      row[`${i.indicator}Score`] = i.score;
    }
  }
  return row;
}

export function resultsTable(results: readonly StoredResult[]): ReportTable {
  return { name: 'results', columns: RESULT_COLUMNS, rows: results.map(resultRow) };
}
