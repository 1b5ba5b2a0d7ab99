/**
 * node --expose-gc -r @swc-node/register tools/search-relevance/memory.ts [perRegion]
 *
 * Where the search index's memory goes, by component, at `perRegion` × 5
 * instruments (default 40,000: 200,000): the documents as the gateway reads
 * them (every string a copy of its own, as rows from PostgreSQL arrive), the
 * index built from them once the caller has let them go, its arrays, and what
 * the first queries add. Heap and RSS after a full collection; the arrays by
 * their byte length. Ends with one JSON line.
 */
import 'reflect-metadata';
import { SearchIndex, type SearchDocument } from '@app/search';
import { generatedDocuments } from './corpus';
import { loadRelevanceQueries } from './relevance-set';

const gc = global.gc ?? (() => undefined);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function usage() {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, buffers: m.arrayBuffers };
}

function delta(from: ReturnType<typeof usage>, to: ReturnType<typeof usage>) {
  return { rssMb: mb(to.rss - from.rss), heapMb: mb(to.heap - from.heap), arrayBuffersMb: mb(to.buffers - from.buffers) };
}

/** A string of its own (not shared with the generator's), as a database driver's decoding gives one per row. */
const own = (s: string | undefined) => (s === undefined ? undefined : Buffer.from(s, 'utf8').toString('utf8'));

/** The document as the gateway builds it from a stored row: nothing shared with any other document. */
function asFromDatabase(d: SearchDocument): SearchDocument {
  return {
    id: own(d.id)!,
    name: own(d.name)!,
    nameEn: own(d.nameEn),
    model: own(d.model),
    manufacturer: own(d.manufacturer),
    categoryCode: own(d.categoryCode)!,
    categoryName: d.categoryName,
    description: own(d.description),
    region: own(d.region)!,
    city: own(d.city)!,
    unitId: own(d.unitId)!,
    serviceModes: d.serviceModes.map((m) => own(m)!),
    customsGated: d.customsGated,
    feeExternalCny: d.feeExternalCny,
    feeInternalCny: d.feeInternalCny,
    feeUnit: own(d.feeUnit),
    location: d.location && { lat: d.location.lat, lon: d.location.lon },
    updatedAt: new Date(Date.parse(d.updatedAt)).toISOString(),
    visibility: d.visibility,
  };
}

function bytesOf(value: unknown, seen = new Set<unknown>()): number {
  if (ArrayBuffer.isView(value)) return seen.has(value.buffer) ? 0 : (seen.add(value.buffer), value.buffer.byteLength);
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + bytesOf(v, seen), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((sum: number, v) => sum + bytesOf(v, seen), 0);
  return 0;
}

function main(): void {
  const perRegion = Number(process.argv[2] ?? 40_000);
  const start = usage();
  let docs = generatedDocuments(perRegion).map(asFromDatabase);
  // What the caller's documents cost, each with strings of its own.
  const withDocs = usage();
  // One bulk load, as the gateway builds its index.
  const engine = SearchIndex.from(docs);
  // As the gateway does: its documents are garbage once indexed; the index keeps what it keeps.
  docs = [];
  const built = usage();
  for (const q of loadRelevanceQueries()) engine.search({ q: q.q, ...q.filters });
  engine.search({ pageSize: 20 });
  const queried = usage();
  // The engine's parts, by the byte length of their typed arrays.
  const gen = (engine as unknown as { gen: Record<string, unknown> }).gen;
  const index = gen.index as Record<string, unknown> & { postings: { docs: Int32Array; tfs: Uint16Array; weights: Float32Array }[] };
  const postings = { docs: 0, tfs: 0, weights: 0, lists: index.postings.length };
  for (const list of index.postings) {
    postings.docs += list.docs.byteLength;
    postings.tfs += list.tfs.byteLength;
    postings.weights += list.weights.byteLength;
  }
  const parts = {
    postingsDocsMb: mb(postings.docs),
    postingsTfsMb: mb(postings.tfs),
    postingsWeightsMb: mb(postings.weights),
    postingLists: postings.lists,
    indexOtherArraysMb: mb(
      bytesOf(
        Object.entries(index)
          .filter(([k]) => k !== 'postings' && k !== 'terms' && k !== 'fuzzy')
          .map(([, v]) => v),
      ),
    ),
    columnsMb: mb(bytesOf(gen.columns)),
    evaluatorMb: mb(bytesOf(gen.evaluator)),
    orderAndScratchMb: mb(bytesOf([gen.order, gen.freshness, gen.all, gen.keys])),
  };
  const figures = {
    documents: engine.size,
    terms: engine.stats().terms,
    callerDocuments: delta(start, withDocs),
    index: delta(start, built),
    afterQueries: delta(built, queried),
    parts,
    totalRssMb: mb(queried.rss),
  };
  process.stderr.write(`${JSON.stringify(figures, null, 1)}\n`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main();
