import { spreadsheetSafe } from '@app/spreadsheets';
import { Workbook } from 'exceljs';
import { IMPORT_COLUMNS, type ImportColumn } from './import-columns';

/** Rows that get dropdowns and text formats; a unit registers far fewer instruments per file. */
const PREPARED_ROWS = 500;

/** Columns Excel must keep as text: numbers would lose leading zeros (0101) or digits (18-digit declarations). */
const TEXT_KINDS = new Set<ImportColumn['kind']>(['identifier', 'categoryCode']);

const DROPDOWNS: Partial<Record<ImportColumn['kind'], string[]>> = {
  fundingSource: ['财政资金', '国有资本', '其他'],
  feeUnit: ['小时', '样品', '天', '项'],
  confidentialityStatus: ['无', '涉密', '豁免'],
  boolean: ['是', '否'],
};

/**
 * The XLSX import template: the IMPORT_COLUMNS header row, a note on every
 * header cell (what goes in, required or not, accepted forms), one example
 * row and cell formats that stop Excel from mangling codes and dates.
 * Generated from the layout so it can never disagree with the parser.
 */
export async function buildTemplateXlsx(): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'YRD instrument-sharing gateway';
  // Fixed timestamps keep the template byte-stable across builds (cacheable, diffable).
  workbook.created = new Date('2025-01-01T00:00:00Z');
  workbook.modified = new Date('2025-01-01T00:00:00Z');
  const sheet = workbook.addWorksheet('仪器', { views: [{ state: 'frozen', ySplit: 1 }] });

  sheet.columns = IMPORT_COLUMNS.map((c) => ({
    key: c.field,
    width: Math.min(40, Math.max(12, c.header.length * 2 + 4, c.example.length + 2)),
    style: styleFor(c),
  }));

  const header = sheet.getRow(1);
  IMPORT_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = spreadsheetSafe(c.header);
    cell.font = { bold: true, color: { argb: c.requiredColumn ? 'FFC00000' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.requiredValue ? 'FFFFF2CC' : 'FFEDEDED' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.note = noteFor(c);
  });

  const example = sheet.getRow(2);
  IMPORT_COLUMNS.forEach((c, i) => {
    const cell = example.getCell(i + 1);
    const v = exampleValue(c);
    if (v !== null) cell.value = spreadsheetSafe(v);
    cell.font = { italic: true, color: { argb: 'FF7F7F7F' } };
  });
  example.getCell(1).note = '示例行，导入前请删除。\nExample row: delete it before importing (IDs starting with EXAMPLE- are rejected).';

  IMPORT_COLUMNS.forEach((c, i) => {
    const options = DROPDOWNS[c.kind];
    if (!options) return;
    for (let r = 2; r <= PREPARED_ROWS + 1; r++) {
      sheet.getCell(r, i + 1).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${options.join(',')}"`],
        showErrorMessage: false, // English enum values are accepted too; the import reports anything else.
      };
    }
  });

  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

function styleFor(c: ImportColumn) {
  if (TEXT_KINDS.has(c.kind)) return { numFmt: '@' };
  if (c.kind === 'date') return { numFmt: 'yyyy-mm-dd' };
  if (c.kind === 'multiline') return { alignment: { wrapText: true } };
  return {};
}

function noteFor(c: ImportColumn): string {
  const required = c.requiredValue ? '必填 Required' : c.requiredColumn ? '列必须保留，可留空 Column required, cell may be empty' : '选填 Optional';
  return `${c.header}（${c.field}）\n${required}\n${c.zh}\n${c.en}${c.example ? `\n例 e.g. ${c.example}` : ''}`;
}

/** The example row uses real types where Excel would: a date cell, numbers for amounts. */
function exampleValue(c: ImportColumn): string | number | Date | null {
  if (c.field === 'localId') return `EXAMPLE-${c.example}`;
  if (c.example === '') return null;
  if (c.kind === 'date') return new Date(`${c.example}T00:00:00Z`);
  if (c.kind === 'number') return Number(c.example);
  return c.example;
}
