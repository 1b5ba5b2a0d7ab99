import { buildZip } from '@test/factories';
import { readZipDirectory, XLSX_ZIP_LIMITS } from './zip-directory';

const MB = 1024 * 1024;
/** Signature of a central directory record. */
const CENTRAL = Buffer.from([0x50, 0x4b, 0x01, 0x02]);

describe('readZipDirectory', () => {
  it('lists the entries with their sizes and offsets', () => {
    const zip = buildZip([
      { name: 'a.xml', data: 'x'.repeat(1000) },
      { name: 'b.bin', data: Buffer.from([1, 2, 3]), deflate: false },
    ]);
    const dir = readZipDirectory(zip);
    expect(dir).toEqual({
      ok: true,
      entries: [
        { name: 'a.xml', method: 8, compressedSize: expect.any(Number), uncompressedSize: 1000, localHeaderOffset: 0 },
        { name: 'b.bin', method: 0, compressedSize: 3, uncompressedSize: 3, localHeaderOffset: expect.any(Number) },
      ],
    });
  });

  it('finds the directory behind an archive comment', () => {
    const zip = buildZip([{ name: 'a.xml', data: '<a/>' }]);
    const comment = Buffer.from('saved by a tool that signs its files');
    zip.writeUInt16LE(comment.length, zip.length - 2);
    expect(readZipDirectory(Buffer.concat([zip, comment]))).toEqual({ ok: true, entries: [expect.objectContaining({ name: 'a.xml' })] });
  });

  it('refuses a part that would unpack far beyond its packed size (a bomb)', () => {
    const zip = buildZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 * MB, 'a') }]);
    expect(zip.length).toBeLessThan(100_000);
    expect(readZipDirectory(zip)).toEqual({
      ok: false,
      damaged: false,
      reason: expect.stringMatching(/^part xl\/worksheets\/sheet1.xml is compressed \d+:1, which no spreadsheet reaches/),
    });
  });

  it('leaves small parts alone whatever their ratio', () => {
    expect(readZipDirectory(buildZip([{ name: 'a.xml', data: Buffer.alloc(100_000, 'a') }])).ok).toBe(true);
  });

  it('refuses a total unpacked size over the limit, from the declared sizes alone', () => {
    const zip = buildZip([1, 2].map((i) => ({ name: `p${i}.xml`, data: '<a/>' })));
    // Both directory records claim 100 MB unpacked; nothing is unpacked to find out.
    for (let at = zip.indexOf(CENTRAL); at >= 0; at = zip.indexOf(CENTRAL, at + 4)) zip.writeUInt32LE(100 * MB, at + 24);
    expect(readZipDirectory(zip, { ...XLSX_ZIP_LIMITS, maxCompressionRatio: Infinity })).toEqual({
      ok: false,
      damaged: false,
      reason: 'the workbook unpacks to more than 150 MB; split the instruments into several files',
    });
  });

  it('refuses more parts than a workbook has', () => {
    const parts = Array.from({ length: XLSX_ZIP_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `p${i}`, data: '', deflate: false }));
    expect(readZipDirectory(buildZip(parts))).toEqual({
      ok: false,
      damaged: false,
      reason: `the workbook has ${XLSX_ZIP_LIMITS.maxEntries + 1} parts; a spreadsheet has a few dozen and at most ${XLSX_ZIP_LIMITS.maxEntries} are accepted`,
    });
  });

  it('refuses encrypted entries, duplicate names and ZIP64 markers', () => {
    const encrypted = buildZip([{ name: 'a.xml', data: '<a/>' }]);
    encrypted.writeUInt16LE(1, encrypted.indexOf(CENTRAL) + 8);
    expect(readZipDirectory(encrypted)).toMatchObject({ ok: false, damaged: false, reason: expect.stringMatching(/password-protected/) });

    const twice = buildZip([
      { name: 'a.xml', data: '<a/>' },
      { name: 'a.xml', data: '<b/>' },
    ]);
    expect(readZipDirectory(twice)).toMatchObject({ ok: false, damaged: true, reason: 'part a.xml appears twice' });

    const zip64 = buildZip([{ name: 'a.xml', data: '<a/>' }]);
    zip64.writeUInt32LE(0xffffffff, zip64.indexOf(CENTRAL) + 24);
    expect(readZipDirectory(zip64)).toMatchObject({ ok: false, damaged: false, reason: expect.stringMatching(/ZIP64/) });
  });

  it('calls anything without a readable directory damaged', () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from('PK\u0003\u0004 not really a zip'), Buffer.alloc(100_000, 0x50)]) {
      expect(readZipDirectory(bytes)).toEqual({ ok: false, damaged: true, reason: 'no ZIP directory found' });
    }
    const truncated = buildZip([{ name: 'a.xml', data: '<a/>' }]);
    truncated.writeUInt32LE(10_000, truncated.length - 6); // directory offset past the end
    expect(readZipDirectory(truncated)).toMatchObject({ ok: false, damaged: true });
  });
});
