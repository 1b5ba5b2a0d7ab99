import { posix } from 'node:path';
import { localName, scanXml } from './scan-xml';

/** The parts of an XLSX package, opened one at a time as unpacking streams. */
export interface XlsxPackage {
  has(path: string): boolean;
  read(path: string): AsyncIterable<Buffer>;
}

/** The package is not a workbook this reader understands. */
export class XlsxFormatError extends Error {}

export interface WorkbookLayout {
  /** Worksheets in tab order, hidden ones included, as Excel numbers them. */
  sheets: { name: string; path: string }[];
  date1904: boolean;
  sharedStringsPath?: string;
  stylesPath?: string;
}

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';

/** Sheet names and order, the date system, and where the string and style tables are. */
export async function readWorkbookLayout(pkg: XlsxPackage): Promise<WorkbookLayout> {
  if (!pkg.has(WORKBOOK)) throw new XlsxFormatError(`no ${WORKBOOK} in the package`);
  const rels = pkg.has(WORKBOOK_RELS) ? await readRelationships(pkg.read(WORKBOOK_RELS), posix.dirname(WORKBOOK)) : new Map<string, Relationship>();
  const sheets: WorkbookLayout['sheets'] = [];
  let date1904 = false;
  await scanXml(pkg.read(WORKBOOK), {
    open(name, attributes) {
      if (name === 'workbookPr') {
        date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
      } else if (name === 'sheet') {
        // Chart sheets and dialog sheets are listed too; only worksheets hold cells.
        const rel = rels.get(prefixedAttribute(attributes, 'id') ?? '');
        if (rel?.type === 'worksheet' && pkg.has(rel.target)) sheets.push({ name: attributes.name ?? '', path: rel.target });
      }
    },
  });
  // exceljs read these from fixed paths; the relationships are the reliable source, the paths the fallback.
  const part = (type: string, fallback: string) =>
    [...rels.values()].find((r) => r.type === type && pkg.has(r.target))?.target ?? (pkg.has(fallback) ? fallback : undefined);
  return { sheets, date1904, sharedStringsPath: part('sharedStrings', 'xl/sharedStrings.xml'), stylesPath: part('styles', 'xl/styles.xml') };
}

interface Relationship {
  /** Last segment of the relationship type URI (transitional and strict OOXML differ only before it). */
  type: string;
  /** Package path of the target part. */
  target: string;
}

async function readRelationships(chunks: AsyncIterable<Buffer>, baseDir: string): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  await scanXml(chunks, {
    open(name, a) {
      if (name !== 'Relationship' || !a.Id || !a.Target || a.TargetMode === 'External') return;
      const target = a.Target.startsWith('/') ? a.Target.slice(1) : posix.normalize(posix.join(baseDir, a.Target));
      rels.set(a.Id, { type: (a.Type ?? '').slice((a.Type ?? '').lastIndexOf('/') + 1), target });
    },
  });
  return rels;
}

/**
 * The shared string table as plain text: rich-text runs joined, phonetic
 * guides (`rPh`, furigana-style readings) left out, as Excel displays it.
 */
export async function readSharedStrings(chunks: AsyncIterable<Buffer>): Promise<string[]> {
  const strings: string[] = [];
  let current: string[] | undefined;
  let phonetic = 0;
  let text: string[] | undefined;
  await scanXml(chunks, {
    open(name) {
      if (name === 'si') current = [];
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && current && phonetic === 0) text = [];
    },
    close(name) {
      if (name === 'si' && current) {
        strings.push(current.join(''));
        current = undefined;
      } else if (name === 'rPh') phonetic--;
      else if (name === 't' && text) {
        current!.push(decodeXmlString(text.join('')));
        text = undefined;
      }
    },
    text(piece) {
      text?.push(piece);
    },
  });
  return strings;
}

/**
 * Text elements escape characters XML cannot carry (control characters) as
 * `_xHHHH_`; decoded per element as exceljs did, so a cell holding a NUL
 * still arrives with it and is refused by validation, not imported mangled.
 */
export function decodeXmlString(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/**
 * Excel's built-in date and time formats that exceljs recognised (ids
 * 14–22, 45–47). The East Asian locale ids (27–36, 50–58) were numbers to
 * exceljs and stay numbers here; date columns accept serial numbers anyway.
 */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** For each cell style (`s` attribute of a cell): whether its number format shows a date. */
export async function readDateStyles(chunks: AsyncIterable<Buffer>): Promise<boolean[]> {
  const customFormats = new Map<number, string>();
  const styleFormats: number[] = [];
  let inCellXfs = false;
  await scanXml(chunks, {
    open(name, a) {
      if (name === 'numFmt' && a.numFmtId !== undefined) customFormats.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) styleFormats.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styleFormats.map((id) => {
    const custom = customFormats.get(id);
    return custom !== undefined ? isDateFormat(custom) : BUILTIN_DATE_FORMATS.has(id);
  });
}

/** exceljs's rule, kept so the same cells become dates: a date letter outside quotes and brackets. */
function isDateFormat(format: string): boolean {
  return /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** `r:id` and the like: SpreadsheetML's prefixed attributes, whatever prefix the writer chose. */
function prefixedAttribute(attributes: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [key, value] of Object.entries(attributes)) if (key.includes(':') && localName(key) === name) return value;
  return undefined;
}
