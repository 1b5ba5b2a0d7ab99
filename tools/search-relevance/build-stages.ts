/**
 * Where the gateway's build of its search index from PostgreSQL spends its time, stage by stage, in
 * one process without the rest of the gateway: the read alone (rows fetched and parsed, nothing
 * indexed), then the read with the index built as the gateway builds it (pages indexed, the load's
 * end, the collection after it), each timed in wall and CPU.
 *
 *   node -r @swc-node/register tools/search-relevance/build-stages.ts <schema> [read|build]...
 */
import 'reflect-metadata';
import { InstrumentFeedRepository } from '../../libs/catalog/src/infrastructure/instrument-feed.repository';
import { Database } from '@app/persistence';
import { SearchIndex } from '@app/search';
import { toDocument } from '../../libs/search/src/indexing/catalog-index.service';
import { compactingCollection } from '../../libs/search/src/indexing/compacting-collection';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return Math.round((used.user + used.system) / 1000);
};

async function run(feed: InstrumentFeedRepository, stage: string): Promise<Record<string, unknown>> {
  const started = Date.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  let indexMs = 0;
  if (stage === 'read') {
    await feed.loadAll((page) => (rows += page.length));
    return { stage, rows, wallMs: Date.now() - started, cpuMs: cpuMs(cpu) };
  }
  const index = new SearchIndex();
  const load = index.load();
  await feed.loadAll((page) => {
    const t = performance.now();
    for (const row of page) load.add(toDocument(row));
    rows += page.length;
    indexMs += performance.now() - t;
  });
  const readMs = Date.now() - started;
  const readCpuMs = cpuMs(cpu);
  let t = performance.now();
  load.finish();
  const finishMs = Math.round(performance.now() - t);
  t = performance.now();
  compactingCollection();
  const collectMs = Math.round(performance.now() - t);
  return {
    stage,
    rows,
    readAndIndexMs: readMs,
    readAndIndexCpuMs: readCpuMs,
    indexMs: Math.round(indexMs),
    finishMs,
    collectMs,
    wallMs: Date.now() - started,
    cpuMs: cpuMs(cpu),
    rssMb: Math.round(process.memoryUsage().rss / 1048576),
    index: index.stats(),
    load: (await import('node:os')).loadavg()[0]!.toFixed(1),
  };
}

async function main(): Promise<void> {
  const [schema, ...stages] = process.argv.slice(2);
  if (!schema) throw new Error('usage: build-stages.ts <schema> [read|build]...');
  const database = await Database.connect({
    databaseUrl: `${POSTGRES}?options=${encodeURIComponent(`-c search_path=${schema},public`)}`,
    migrate: false,
    poolSize: 2,
  });
  const feed = new InstrumentFeedRepository(database.db);
  try {
    for (const stage of stages.length > 0 ? stages : ['read', 'build']) process.stdout.write(`${JSON.stringify(await run(feed, stage))}\n`);
  } finally {
    await database.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
