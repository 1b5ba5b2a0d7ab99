/**
 * Reads a ZIP archive's central directory (the index at the end of the
 * file) without unpacking anything, so an XLSX that would unpack to
 * gigabytes is refused for the price of reading a few kilobytes.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated: the only methods XLSX writers use. */
  method: 0 | 8;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipLimits {
  /** An XLSX holds a dozen parts plus a few per sheet; thousands mean something else. */
  maxEntries: number;
  /** Sum of the declared unpacked sizes. */
  maxTotalUncompressedBytes: number;
  /**
   * Unpacked/packed size per entry. Spreadsheet XML packs 5–30:1; deflate
   * tops out near 1030:1, which only data built to explode reaches.
   */
  maxCompressionRatio: number;
  /** Entries smaller than this are not ratio-checked: they cannot hurt. */
  ratioCheckFromBytes: number;
}

export const XLSX_ZIP_LIMITS: ZipLimits = {
  maxEntries: 500,
  maxTotalUncompressedBytes: 150 * 1024 * 1024,
  maxCompressionRatio: 200,
  ratioCheckFromBytes: 1024 * 1024,
};

/**
 * The entries, or why not: `damaged` when the bytes are not a readable ZIP
 * at all, otherwise a readable archive this import refuses (`reason` is then
 * a complete file error).
 */
export type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; damaged: boolean; reason: string };

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const CENTRAL_HEADER_SIZE = 46;
const LOCAL_HEADER_SIZE = 30;
/** ZIP64 marks fields that did not fit with all ones. */
const ZIP64_MARK_16 = 0xffff;
const ZIP64_MARK_32 = 0xffffffff;
const MB = 1024 * 1024;

/**
 * Lists the archive's entries and checks them against `limits`. Pure and
 * bounded: reads the trailing 64 KiB to find the directory, then at most
 * `limits.maxEntries` directory records.
 */
export function readZipDirectory(zip: Buffer, limits: ZipLimits = XLSX_ZIP_LIMITS): ZipDirectory {
  const damaged = (reason: string): ZipDirectory => ({ ok: false, damaged: true, reason });
  const refused = (reason: string): ZipDirectory => ({ ok: false, damaged: false, reason });

  const eocd = findEndOfCentralDirectory(zip);
  if (eocd < 0) return damaged('no ZIP directory found');
  const diskNumber = zip.readUInt16LE(eocd + 4);
  const directoryDisk = zip.readUInt16LE(eocd + 6);
  const entriesHere = zip.readUInt16LE(eocd + 8);
  const entryCount = zip.readUInt16LE(eocd + 10);
  const directorySize = zip.readUInt32LE(eocd + 12);
  const directoryOffset = zip.readUInt32LE(eocd + 16);
  if (diskNumber !== 0 || directoryDisk !== 0 || entriesHere !== entryCount) return damaged('split ZIP archives are not supported');
  // A workbook within our limits never needs ZIP64; its markers only appear past 65535 entries or 4 GiB.
  if (entryCount === ZIP64_MARK_16 || directorySize === ZIP64_MARK_32 || directoryOffset === ZIP64_MARK_32) {
    return refused('the workbook is stored as a ZIP64 archive, which only files far larger than an import accepts need');
  }
  if (entryCount > limits.maxEntries) {
    return refused(`the workbook has ${entryCount} parts; a spreadsheet has a few dozen and at most ${limits.maxEntries} are accepted`);
  }
  if (directoryOffset + directorySize > eocd) return damaged('the ZIP directory points outside the file');

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let totalUncompressed = 0;
  let pos = directoryOffset;
  for (let i = 0; i < entryCount; i++) {
    if (pos + CENTRAL_HEADER_SIZE > eocd || zip.readUInt32LE(pos) !== CENTRAL_HEADER_SIGNATURE) return damaged('the ZIP directory is corrupt');
    const flags = zip.readUInt16LE(pos + 8);
    const method = zip.readUInt16LE(pos + 10);
    const compressedSize = zip.readUInt32LE(pos + 20);
    const uncompressedSize = zip.readUInt32LE(pos + 24);
    const nameLength = zip.readUInt16LE(pos + 28);
    const extraLength = zip.readUInt16LE(pos + 30);
    const commentLength = zip.readUInt16LE(pos + 32);
    const localHeaderOffset = zip.readUInt32LE(pos + 42);
    const next = pos + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
    if (next > eocd) return damaged('the ZIP directory is corrupt');
    const name = zip.toString('utf8', pos + CENTRAL_HEADER_SIZE, pos + CENTRAL_HEADER_SIZE + nameLength);
    pos = next;

    if (flags & 0x1) return refused('the workbook is password-protected; save it without a password and try again');
    if (compressedSize === ZIP64_MARK_32 || uncompressedSize === ZIP64_MARK_32 || localHeaderOffset === ZIP64_MARK_32) {
      return refused('the workbook is stored as a ZIP64 archive, which only files far larger than an import accepts need');
    }
    if (method !== 0 && method !== 8) return damaged(`part ${name} uses ZIP compression method ${method}, which Excel never writes`);
    if (method === 0 && compressedSize !== uncompressedSize) return damaged(`the sizes of part ${name} disagree`);
    // Two parts with one name are read differently by different unzippers; refuse the ambiguity.
    if (names.has(name)) return damaged(`part ${name} appears twice`);
    names.add(name);
    if (localHeaderOffset + LOCAL_HEADER_SIZE + compressedSize > directoryOffset) return damaged(`part ${name} points outside the file`);

    totalUncompressed += uncompressedSize;
    if (totalUncompressed > limits.maxTotalUncompressedBytes) {
      return refused(`the workbook unpacks to more than ${Math.round(limits.maxTotalUncompressedBytes / MB)} MB; split the instruments into several files`);
    }
    if (uncompressedSize >= limits.ratioCheckFromBytes && uncompressedSize > compressedSize * limits.maxCompressionRatio) {
      return refused(
        `part ${name} is compressed ${compressedSize === 0 ? 'beyond any real data' : `${Math.round(uncompressedSize / compressedSize)}:1`}, which no spreadsheet reaches; the file is not accepted`,
      );
    }
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
  }
  return { ok: true, entries };
}

/**
 * The End Of Central Directory record sits at the very end, after an
 * optional comment of up to 65535 bytes; searched backwards from there.
 */
function findEndOfCentralDirectory(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - EOCD_SIZE - 0xffff);
  for (let at = zip.length - EOCD_SIZE; at >= lowest; at--) {
    if (zip.readUInt32LE(at) === EOCD_SIGNATURE && at + EOCD_SIZE + zip.readUInt16LE(at + 20) <= zip.length) return at;
  }
  return -1;
}
