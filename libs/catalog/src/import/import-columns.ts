/**
 * The bulk-import sheet layout, in one place.
 *
 * Units already keep their large-instrument register in a spreadsheet shaped
 * like the provincial platform's 大型仪器 registration form (one row per
 * instrument, Chinese headers). Import reads that sheet as-is instead of
 * asking units to retype it; English aliases let machine-made files use the
 * API field names. The template (CSV/XLSX), the README table and the parser
 * are all derived from or checked against this array, so they cannot drift.
 */

/** How a cell is turned into an API value before `validateInstrumentInput` sees it. */
export type ParseKind =
  /** Single-line text, trimmed. */
  | 'text'
  /** Free text that may span lines (description). */
  | 'multiline'
  /** An identifier: numeric cells must still be exact whole numbers. */
  | 'identifier'
  /** National category code; restores the leading zero Excel strips ('101' → '0101'). */
  | 'categoryCode'
  /** Decimal number; accepts thousands separators, ¥ and 元. */
  | 'number'
  | 'date'
  | 'fundingSource'
  | 'serviceModes'
  | 'feeUnit'
  | 'confidentialityStatus'
  | 'boolean';

export interface ImportColumn {
  /** Canonical header (Chinese), as in the template. */
  header: string;
  /** Other accepted headers (English, matched case-insensitively). */
  aliases: readonly string[];
  /** Dotted path in InstrumentInput. */
  field: string;
  kind: ParseKind;
  /**
   * The column must be present in the file. Only columns of required API
   * fields, plus 涉密状态: an empty status cell means "none", so a file
   * without the column must not silently declare every instrument shareable.
   */
  requiredColumn: boolean;
  /** The cell must be filled in every row (documentation; the validator enforces it). */
  requiredValue: boolean;
  example: string;
  zh: string;
  en: string;
}

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    header: '仪器编号',
    aliases: ['localId'],
    field: 'localId',
    kind: 'identifier',
    requiredColumn: true,
    requiredValue: true,
    example: 'JXU-SEM-0001',
    zh: '单位内唯一编号，1–64 位字母、数字、点、下划线或连字符；同一文件内不得重复',
    en: 'Unique within the unit: 1–64 letters, digits, dot, underscore, hyphen; may appear once per file',
  },
  {
    header: '仪器名称',
    aliases: ['name'],
    field: 'name',
    kind: 'text',
    requiredColumn: true,
    requiredValue: true,
    example: '场发射扫描电子显微镜',
    zh: '中文名称，1–200 字',
    en: 'Name (Chinese), 1–200 characters',
  },
  {
    header: '英文名称',
    aliases: ['nameEn'],
    field: 'nameEn',
    kind: 'text',
    requiredColumn: false,
    requiredValue: false,
    example: 'Field emission scanning electron microscope',
    zh: '不超过 200 字',
    en: 'English name, ≤ 200 characters',
  },
  {
    header: '规格型号',
    aliases: ['model'],
    field: 'model',
    kind: 'text',
    requiredColumn: false,
    requiredValue: false,
    example: 'Sigma 300',
    zh: '不超过 200 字',
    en: 'Model, ≤ 200 characters',
  },
  {
    header: '生产厂商',
    aliases: ['manufacturer'],
    field: 'manufacturer',
    kind: 'text',
    requiredColumn: false,
    requiredValue: false,
    example: '卡尔蔡司',
    zh: '不超过 200 字',
    en: 'Manufacturer, ≤ 200 characters',
  },
  {
    header: '产地国别',
    aliases: ['countryOfOrigin'],
    field: 'countryOfOrigin',
    kind: 'text',
    requiredColumn: false,
    requiredValue: false,
    example: '德国',
    zh: '不超过 200 字',
    en: 'Country of origin, ≤ 200 characters',
  },
  {
    header: '主要功能及技术指标',
    aliases: ['description'],
    field: 'description',
    kind: 'multiline',
    requiredColumn: false,
    requiredValue: false,
    example: '二次电子分辨率 1.2 nm@15 kV；配备能谱仪，可做形貌观察和微区成分分析',
    zh: '不超过 5000 字，可换行',
    en: 'Main functions and specifications, ≤ 5000 characters, line breaks allowed',
  },
  {
    header: '分类编码',
    aliases: ['categoryCode'],
    field: 'categoryCode',
    kind: 'categoryCode',
    requiredColumn: true,
    requiredValue: true,
    example: '0101',
    zh: '国家大型科研仪器分类编码（大类 2 位如 01，小类 4 位如 0101）；请将该列设为文本格式以保留前导 0',
    en: "National category code (class '01' or sub-class '0101'); format the column as Text to keep the leading 0",
  },
  {
    header: '原值(元)',
    aliases: ['valueCny'],
    field: 'valueCny',
    kind: 'number',
    requiredColumn: true,
    requiredValue: true,
    example: '3250000.00',
    zh: '资产原值，单位：元（不是万元），最多两位小数',
    en: 'Original value in CNY (yuan, not 10k yuan), at most 2 decimals',
  },
  {
    header: '资金来源',
    aliases: ['fundingSource'],
    field: 'fundingSource',
    kind: 'fundingSource',
    requiredColumn: true,
    requiredValue: true,
    example: '财政资金',
    zh: '财政资金 / 国有资本 / 其他（或 fiscal / state_capital / other）',
    en: '财政资金 (fiscal) / 国有资本 (state_capital) / 其他 (other)',
  },
  {
    header: '管理单位编号',
    aliases: ['unitId'],
    field: 'unitId',
    kind: 'identifier',
    requiredColumn: true,
    requiredValue: true,
    example: 'jx-u001',
    zh: '平台分配的管理单位编号',
    en: 'Management unit id assigned by the platform',
  },
  {
    header: '所在城市',
    aliases: ['city'],
    field: 'city',
    kind: 'text',
    requiredColumn: true,
    requiredValue: true,
    example: '嘉兴市',
    zh: '如 嘉兴市，不超过 50 字',
    en: 'City, e.g. 嘉兴市, ≤ 50 characters',
  },
  {
    header: '安放地址',
    aliases: ['address'],
    field: 'address',
    kind: 'text',
    requiredColumn: false,
    requiredValue: false,
    example: '嘉兴市南湖区嘉杭路118号嘉兴学院7号楼101室',
    zh: '不超过 300 字',
    en: 'Address where the instrument is installed, ≤ 300 characters',
  },
  {
    header: '纬度',
    aliases: ['location.lat', 'lat', 'latitude'],
    field: 'location.lat',
    kind: 'number',
    requiredColumn: false,
    requiredValue: false,
    example: '30.7469',
    zh: '十进制度数（WGS-84），-90 至 90；与经度同时填写',
    en: 'Latitude in decimal degrees (WGS-84), -90..90; fill together with longitude',
  },
  {
    header: '经度',
    aliases: ['location.lon', 'lon', 'longitude'],
    field: 'location.lon',
    kind: 'number',
    requiredColumn: false,
    requiredValue: false,
    example: '120.7553',
    zh: '十进制度数（WGS-84），-180 至 180；与纬度同时填写',
    en: 'Longitude in decimal degrees (WGS-84), -180..180; fill together with latitude',
  },
  {
    header: '验收日期',
    aliases: ['acceptanceDate'],
    field: 'acceptanceDate',
    kind: 'date',
    requiredColumn: false,
    requiredValue: false,
    example: '2023-11-20',
    zh: '安装验收日期；日期单元格或 2024-03-05、2024/3/5、2024年3月5日',
    en: 'Installation acceptance date; a date cell or 2024-03-05, 2024/3/5, 2024年3月5日',
  },
  {
    header: '入网日期',
    aliases: ['provincialJoinDate'],
    field: 'provincialJoinDate',
    kind: 'date',
    requiredColumn: false,
    requiredValue: false,
    example: '2023-12-08',
    zh: '纳入省大仪平台日期，不早于验收日期',
    en: 'Date joined the provincial platform, not before the acceptance date',
  },
  {
    header: '物联网传感器编号',
    aliases: ['iotSensorId'],
    field: 'iotSensorId',
    kind: 'identifier',
    requiredColumn: false,
    requiredValue: false,
    example: 'IOT-330401-0001',
    zh: '不超过 64 字',
    en: 'IoT sensor id, ≤ 64 characters',
  },
  {
    header: '服务方式',
    aliases: ['serviceModes'],
    field: 'serviceModes',
    kind: 'serviceModes',
    requiredColumn: false,
    requiredValue: false,
    example: '委托操作(机时)；送样检测',
    zh: '自主操作、委托操作(机时)、送样检测 中的一项或多项，用 ；/、/， 分隔；可留空',
    en: 'Any of 自主操作 (self_operated), 委托操作(机时) (operator_assisted), 送样检测 (sample_submission), separated by ; 、 or ，; may be empty',
  },
  {
    header: '收费单位',
    aliases: ['fee.unit', 'feeUnit'],
    field: 'fee.unit',
    kind: 'feeUnit',
    requiredColumn: false,
    requiredValue: false,
    example: '小时',
    zh: '小时 / 样品 / 天 / 项；填写收费标准时必填（入网后 3 个月内明确即可，可暂空）',
    en: 'hour (小时) / sample (样品) / day (天) / item (项); required once any fee column is filled (Art. 13 allows 3 months, so all fee columns may stay empty)',
  },
  {
    header: '对内单价(元)',
    aliases: ['fee.internalPriceCny', 'internalPriceCny'],
    field: 'fee.internalPriceCny',
    kind: 'number',
    requiredColumn: false,
    requiredValue: false,
    example: '300',
    zh: '本单位用户每收费单位价格，元',
    en: 'Price per fee unit for the owning unit, CNY',
  },
  {
    header: '对外单价(元)',
    aliases: ['fee.externalPriceCny', 'externalPriceCny'],
    field: 'fee.externalPriceCny',
    kind: 'number',
    requiredColumn: false,
    requiredValue: false,
    example: '450',
    zh: '外单位用户每收费单位价格，元',
    en: 'Price per fee unit for everyone else, CNY',
  },
  {
    header: '开机费(元)',
    aliases: ['fee.setupFeeCny', 'setupFeeCny'],
    field: 'fee.setupFeeCny',
    kind: 'number',
    requiredColumn: false,
    requiredValue: false,
    example: '100',
    zh: '每次预约固定收取的费用，元；可空',
    en: 'Fixed charge per booking, CNY; optional',
  },
  {
    header: '收费说明',
    aliases: ['fee.note', 'feeNote'],
    field: 'fee.note',
    kind: 'multiline',
    requiredColumn: false,
    requiredValue: false,
    example: '含常规耗材；特殊制样另计',
    zh: '不超过 1000 字；阶梯价格请在平台上维护',
    en: 'Fee note, ≤ 1000 characters; price tiers are maintained on the platform, not in the sheet',
  },
  {
    header: '涉密状态',
    aliases: ['confidentiality.status', 'confidentialityStatus'],
    field: 'confidentiality.status',
    kind: 'confidentialityStatus',
    requiredColumn: true,
    requiredValue: false,
    example: '无',
    zh: '无 / 涉密 / 豁免（或 none / confidential / exempted）；留空视为 无。涉密、豁免仪器不对外共享。豁免不由单位填报：须经 /api/v1/exemptions 申请，经行政主管部门审核同意并报省大仪办备案后生效（第十一条）；已豁免的仪器保留其豁免记录',
    en: 'none (无) / confidential (涉密) / exempted (豁免); empty means none. Confidential and exempted instruments are never shared. A unit does not declare 豁免: it requests it at /api/v1/exemptions, in force once the competent department approves and the approval is filed (Art. 11); an exempted instrument keeps its decided record',
  },
  {
    header: '豁免审批部门',
    aliases: ['confidentiality.approvedBy', 'approvedBy'],
    field: 'confidentiality.approvedBy',
    kind: 'text',
    requiredColumn: false,
    requiredValue: false,
    example: '',
    zh: '豁免时填写：批准豁免的行政主管部门',
    en: 'For exempted instruments: the competent department that approved the exemption',
  },
  {
    header: '豁免审批文号',
    aliases: ['confidentiality.approvalRef', 'approvalRef'],
    field: 'confidentiality.approvalRef',
    kind: 'text',
    requiredColumn: false,
    requiredValue: false,
    example: '',
    zh: '豁免时填写：审批文号',
    en: 'For exempted instruments: approval reference',
  },
  {
    header: '豁免审批日期',
    aliases: ['confidentiality.approvalDate', 'approvalDate'],
    field: 'confidentiality.approvalDate',
    kind: 'date',
    requiredColumn: false,
    requiredValue: false,
    example: '',
    zh: '豁免时填写：审批日期',
    en: 'For exempted instruments: approval date',
  },
  {
    header: '备案文号',
    aliases: ['confidentiality.filingRef', 'filingRef'],
    field: 'confidentiality.filingRef',
    kind: 'text',
    requiredColumn: false,
    requiredValue: false,
    example: '',
    zh: '豁免时填写：报省大仪办备案的文号',
    en: 'For exempted instruments: filing reference with the provincial office',
  },
  {
    header: '备案日期',
    aliases: ['confidentiality.filingDate', 'filingDate'],
    field: 'confidentiality.filingDate',
    kind: 'date',
    requiredColumn: false,
    requiredValue: false,
    example: '',
    zh: '豁免时填写：备案日期',
    en: 'For exempted instruments: filing date',
  },
  {
    header: '涉密备注',
    aliases: ['confidentiality.note', 'confidentialityNote'],
    field: 'confidentiality.note',
    kind: 'multiline',
    requiredColumn: false,
    requiredValue: false,
    example: '',
    zh: '不超过 1000 字',
    en: 'Note on confidentiality, ≤ 1000 characters',
  },
  {
    header: '免税进口报关单号',
    aliases: ['dutyFreeImport.declarationNo', 'declarationNo'],
    field: 'dutyFreeImport.declarationNo',
    kind: 'identifier',
    requiredColumn: false,
    requiredValue: false,
    example: '310120231000123456',
    zh: '免税进口仪器填写，1–40 位；请将该列设为文本格式（18 位数字在数字格式下会丢失末尾数字）',
    en: 'Duty-free imports only, 1–40 characters; format the column as Text (Excel keeps only 15 digits of numbers)',
  },
  {
    header: '海关放行日期',
    aliases: ['dutyFreeImport.releaseDate', 'releaseDate'],
    field: 'dutyFreeImport.releaseDate',
    kind: 'date',
    requiredColumn: false,
    requiredValue: false,
    example: '2023-09-01',
    zh: '免税进口仪器必填：海关放行日期，监管期由此起算',
    en: 'Required for duty-free imports: customs release date, start of the supervision period',
  },
  {
    header: '监管年限',
    aliases: ['dutyFreeImport.supervisionYears', 'supervisionYears'],
    field: 'dutyFreeImport.supervisionYears',
    kind: 'number',
    requiredColumn: false,
    requiredValue: false,
    example: '3',
    zh: '1–10 的整数，留空默认 3 年',
    en: 'Whole years 1–10; empty means 3',
  },
  {
    header: '需管理员审批',
    aliases: ['requiresOwnerApproval'],
    field: 'requiresOwnerApproval',
    kind: 'boolean',
    requiredColumn: false,
    requiredValue: false,
    example: '是',
    zh: '是 / 否：预约是否需本单位管理员审批；留空为 否',
    en: 'yes (是) / no (否): bookings need the unit admin’s approval; empty means no',
  },
];

/**
 * Header comparison key: trims, folds full-width to half-width (NFKC turns
 * '原值（元）' into '原值(元)' and 'ｌｏｃａｌＩｄ' into 'localId'), drops
 * inner whitespace and the '*' some templates put on required columns, and
 * ignores case for the English aliases.
 */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .toLowerCase();
}

const BY_KEY: ReadonlyMap<string, ImportColumn> = (() => {
  const m = new Map<string, ImportColumn>();
  for (const c of IMPORT_COLUMNS) {
    for (const h of [c.header, ...c.aliases]) {
      const key = headerKey(h);
      if (m.has(key)) throw new Error(`import layout: header ${h} is ambiguous`);
      m.set(key, c);
    }
  }
  return m;
})();

export function findImportColumn(header: string): ImportColumn | undefined {
  return BY_KEY.get(headerKey(header));
}

/** Column that owns a violation path (`fee.unit`, `serviceModes[1]`), if the sheet has one. */
export function columnForField(field: string): ImportColumn | undefined {
  return IMPORT_COLUMNS.find((c) => field === c.field || field.startsWith(`${c.field}.`) || field.startsWith(`${c.field}[`));
}
