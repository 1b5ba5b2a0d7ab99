import type { InstrumentInput } from '@app/catalog';

/** The headers units' spreadsheets use (see config/import-template/README.md). */
export const CSV_HEADERS = [
  '仪器编号',
  '仪器名称',
  '英文名称',
  '规格型号',
  '生产厂商',
  '分类编码',
  '原值(元)',
  '资金来源',
  '管理单位编号',
  '所在城市',
  '验收日期',
  '服务方式',
  '收费单位',
  '对内单价(元)',
  '对外单价(元)',
  '涉密状态',
] as const;

const FUNDING: Record<string, string> = { fiscal: '财政资金', state_capital: '国有资本', other: '其他' };
const MODES: Record<string, string> = { self_operated: '自主操作', operator_assisted: '委托操作(机时)', sample_submission: '送样检测' };
const UNITS: Record<string, string> = { hour: '小时', sample: '样品', day: '天', item: '项' };
const STATUS: Record<string, string> = { none: '无', confidential: '涉密', exempted: '豁免' };

function cell(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A row as a unit would type it: Chinese enum labels, dates as in the sheet. */
export function csvRow(i: InstrumentInput): string {
  return [
    i.localId,
    i.name,
    i.nameEn,
    i.model,
    i.manufacturer,
    i.categoryCode,
    i.valueCny,
    FUNDING[i.fundingSource],
    i.unitId,
    i.city,
    i.acceptanceDate,
    i.serviceModes.map((m) => MODES[m]).join('；'),
    i.fee ? UNITS[i.fee.unit] : undefined,
    i.fee?.internalPriceCny,
    i.fee?.externalPriceCny,
    STATUS[i.confidentiality.status],
  ]
    .map(cell)
    .join(',');
}

export function instrumentsCsv(rows: Array<InstrumentInput | string>): Buffer {
  return Buffer.from([CSV_HEADERS.join(','), ...rows.map((r) => (typeof r === 'string' ? r : csvRow(r)))].join('\r\n') + '\r\n', 'utf8');
}
