import { createInflateRaw } from 'node:zlib';
import type { ZipEntry } from './zip-directory';

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_SIZE = 30;
const CHUNK_BYTES = 64 * 1024;

/** A part's bytes do not match what the ZIP directory declared for it. */
export class ZipEntryError extends Error {}

/**
 * Unpacks one entry chunk by chunk. The directory's declared size is
 * enforced while inflating: the limits were checked against those sizes, and
 * a part that lies about its size is stopped at the lie instead of being
 * unpacked to the end. Inflation runs on the libuv thread pool; stopping
 * early (breaking out of the loop) releases the inflater.
 */
export async function* readZipEntry(zip: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  const at = entry.localHeaderOffset;
  if (at + LOCAL_HEADER_SIZE > zip.length || zip.readUInt32LE(at) !== LOCAL_HEADER_SIGNATURE) {
    throw new ZipEntryError(`part ${entry.name} is missing from the file`);
  }
  // The local header repeats name and extra field with its own lengths; the data follows them.
  const dataStart = at + LOCAL_HEADER_SIZE + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(dataStart, dataStart + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw new ZipEntryError(`part ${entry.name} is cut short`);

  if (entry.method === 0) {
    for (let i = 0; i < data.length; i += CHUNK_BYTES) yield data.subarray(i, i + CHUNK_BYTES);
    return;
  }
  const inflater = createInflateRaw({ chunkSize: CHUNK_BYTES });
  inflater.end(data);
  let produced = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      produced += chunk.length;
      if (produced > entry.uncompressedSize) {
        throw new ZipEntryError(`part ${entry.name} unpacks to more than the ${entry.uncompressedSize} bytes the ZIP directory declares`);
      }
      yield chunk;
    }
  } finally {
    inflater.destroy();
  }
}
