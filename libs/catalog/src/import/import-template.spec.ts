import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findImportColumn, headerKey, IMPORT_COLUMNS } from './import-columns';
import { parseImportFile } from './parse-import-file';
import { OPTS, problems } from './testing/import-fixtures';

// The shipped template and README are hand-edited files; these checks keep
// them in step with IMPORT_COLUMNS, the layout the parser actually uses.
const dir = join(__dirname, '..', '..', '..', '..', 'config', 'import-template');

describe('import layout and shipped template', () => {
  it('covers every InstrumentInput field except fee tiers, once each', () => {
    const fields = IMPORT_COLUMNS.map((c) => c.field);
    expect(new Set(fields).size).toBe(fields.length);
    expect(fields).toEqual(
      expect.arrayContaining([
        'localId',
        'name',
        'nameEn',
        'model',
        'manufacturer',
        'countryOfOrigin',
        'description',
        'categoryCode',
        'valueCny',
        'fundingSource',
        'unitId',
        'city',
        'address',
        'location.lat',
        'location.lon',
        'acceptanceDate',
        'provincialJoinDate',
        'iotSensorId',
        'serviceModes',
        'fee.unit',
        'fee.internalPriceCny',
        'fee.externalPriceCny',
        'fee.setupFeeCny',
        'fee.note',
        'confidentiality.status',
        'confidentiality.approvedBy',
        'confidentiality.approvalRef',
        'confidentiality.approvalDate',
        'confidentiality.filingRef',
        'confidentiality.filingDate',
        'confidentiality.note',
        'dutyFreeImport.declarationNo',
        'dutyFreeImport.releaseDate',
        'dutyFreeImport.supervisionYears',
        'requiresOwnerApproval',
      ]),
    );
    expect(fields.some((f) => f.includes('tiers'))).toBe(false);
  });

  it('matches headers after trimming and full-width folding', () => {
    expect(findImportColumn(' 原值（元） ')?.field).toBe('valueCny');
    expect(findImportColumn('ｌｏｃａｌＩｄ')?.field).toBe('localId');
    expect(findImportColumn('LOCATION.LAT')?.field).toBe('location.lat');
    expect(findImportColumn('仪器编号*')?.field).toBe('localId');
    expect(findImportColumn('原值(万元)')).toBeUndefined();
    expect(headerKey('对内 单价（元）')).toBe(headerKey('对内单价(元)'));
  });

  it('ships a UTF-8 (BOM) CSV template whose header is the layout and whose rows are only refused as examples', async () => {
    const buffer = readFileSync(join(dir, 'instruments-template.csv'));
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const header = buffer.toString('utf8').slice(1).split(/\r?\n/)[0].split(',');
    expect(header).toEqual(IMPORT_COLUMNS.map((c) => c.header));
    const r = await parseImportFile(buffer, 'csv', OPTS);
    expect(r.fileErrors).toEqual([]);
    expect(r.rows).toHaveLength(3);
    expect(problems(r.rows)).toEqual([2, 3, 4].map((row) => [row, 'localId', expect.stringMatching(/example row from the template/)]));
  });

  it('documents every column in the README, in Chinese and English', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const [zh, en] = readme.split('## English');
    for (const c of IMPORT_COLUMNS) {
      expect(zh).toContain(`| ${c.header} |`);
      expect(en).toContain(`| ${c.header} |`);
      expect(en).toContain(c.en.replace(/\|/g, '\\|'));
    }
  });
});
