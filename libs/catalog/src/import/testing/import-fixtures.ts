/**
 * Test-only helpers for the import specs: a valid row keyed by Chinese
 * header, and CSV encoding of rows, so each spec states only what differs.
 */
import { IMPORT_COLUMNS } from '../import-columns';
import type { ImportRow, ParseImportOptions } from '../parse-import-file';

/** Fixed clock and the real category table: specs exercise the production wiring. */
export const NOW = new Date('2025-06-15T04:00:00Z');
export const OPTS: ParseImportOptions = { now: NOW };

export const HEADERS = IMPORT_COLUMNS.map((c) => c.header);

export function sampleRow(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    仪器编号: 'JXU-SEM-0001',
    仪器名称: '场发射扫描电子显微镜',
    英文名称: 'Field emission SEM',
    规格型号: 'Sigma 300',
    生产厂商: '卡尔蔡司',
    产地国别: '德国',
    主要功能及技术指标: '分辨率 1.2 nm',
    分类编码: '0101',
    '原值(元)': '3250000',
    资金来源: '财政资金',
    管理单位编号: 'jx-u001',
    所在城市: '嘉兴市',
    安放地址: '嘉杭路118号',
    纬度: '30.7469',
    经度: '120.7553',
    验收日期: '2023-11-20',
    入网日期: '2023-12-08',
    物联网传感器编号: 'IOT-1',
    服务方式: '委托操作(机时)；送样检测',
    收费单位: '小时',
    '对内单价(元)': '300',
    '对外单价(元)': '450',
    '开机费(元)': '100',
    收费说明: '',
    涉密状态: '无',
    豁免审批部门: '',
    豁免审批文号: '',
    豁免审批日期: '',
    备案文号: '',
    备案日期: '',
    涉密备注: '',
    免税进口报关单号: '310120231000123456',
    海关放行日期: '2023-09-01',
    监管年限: '',
    需管理员审批: '是',
    ...overrides,
  };
}

function quote(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text; `headers` defaults to the full layout, rows are keyed by header. */
export function csvText(rows: Record<string, string>[], headers: string[] = HEADERS, eol = '\r\n'): string {
  const lines = [headers.map(quote).join(',')];
  for (const r of rows) lines.push(headers.map((h) => quote(r[h] ?? '')).join(','));
  return lines.join(eol) + eol;
}

export function csvBuffer(rows: Record<string, string>[], headers?: string[]): Buffer {
  return Buffer.from(csvText(rows, headers), 'utf8');
}

/** `[rowNumber, field, message]` of every violation, for compact assertions. */
export function problems(rows: ImportRow[]): [number, string, string][] {
  return rows.flatMap((r) => (r.result.ok ? [] : r.result.violations.map((v) => [r.rowNumber, v.field, v.message] as [number, string, string])));
}

const tables = new Map<string, Map<string, number[]>>();

/**
 * Encoder for a two-byte legacy encoding (gb18030's GBK part, big5,
 * shift_jis, euc-kr) built by inverting Node's own decoder over the two-byte
 * range: Node ships no such encoders, and a test should not lean on a
 * transitive dependency like iconv-lite.
 */
export function encodeLegacy(text: string, encoding: 'gb18030' | 'big5' | 'shift_jis' | 'euc-kr'): Buffer {
  let table = tables.get(encoding);
  if (!table) {
    table = new Map();
    const decoder = new TextDecoder(encoding);
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
      }
    }
    tables.set(encoding, table);
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`not encodable in ${encoding}: ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

export function encodeGbk(text: string): Buffer {
  return encodeLegacy(text, 'gb18030');
}
