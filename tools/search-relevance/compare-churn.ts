/**
 * Two versions of the engine under the bench's churn, side by side in one
 * process: both indexes built from the same documents, then rounds of one
 * follow batch (10 ordinary changes: a partner rewriting a record's
 * description and date, as `bench:search`'s churn phase writes them) followed
 * by half of the mixed workload (the answers whose staleness ran out), on one
 * engine then the other. Prints CPU time per query quiet and under churn, and
 * per change applied, and whether both engines still answer alike.
 *
 *   git archive <commit> libs/search/src/engine | tar -x -C <dir>
 *   node -r @swc-node/register tools/search-relevance/compare-churn.ts <dir> [perRegion=40000] [rounds=50]
 */
import { SearchIndex, type SearchDocument, type SearchQuery } from '@app/search';
import { generatedDocuments } from './corpus';
import { loadRelevanceQueries } from './relevance-set';
import { baselineSearchIndex, round3 } from './tool-support';

const [baselineDir, perRegionArg, roundsArg] = process.argv.slice(2);
if (!baselineDir) throw new Error('usage: compare-churn.ts <dir holding libs/search/src/engine of the baseline> [perRegion] [rounds]');
const Baseline = baselineSearchIndex(baselineDir);

const BATCH = 10;
const DESCRIPTIONS = ['仪器状态良好，可预约', '设备维护中，暂停预约', 'Instrument in good condition, open for booking', '年度校准已完成'];
const docs = generatedDocuments(Number(perRegionArg ?? 40_000));
const rounds = Number(roundsArg ?? 50);
const engines = [
  { name: 'baseline', index: Baseline.from(docs) },
  { name: 'current', index: SearchIndex.from(docs) },
];

// bench:search's requests: the relevance queries, then the mixed workload over their texts.
const specs = loadRelevanceQueries();
const queries: SearchQuery[] = specs.map((spec) => ({ q: spec.q, ...spec.filters }));
specs.forEach((spec, i) => {
  queries.push({ q: spec.q, pageSize: 20 });
  if (i % 3 === 0) queries.push({ q: spec.q, region: ['jiaxing', 'shanghai'], pageSize: 20, page: 2 });
  if (i % 4 === 0) queries.push({ q: spec.q, near: { lat: 30.75, lon: 120.76 }, radiusKm: 100, sort: 'distance', pageSize: 20 });
  if (i % 5 === 0) queries.push({ q: spec.q, feeMax: 500, serviceMode: 'sample_submission', pageSize: 20 });
});
queries.push({ pageSize: 20 }, { region: ['anhui'], category: '01', pageSize: 50 }, { customsGated: true, sort: 'freshness', pageSize: 20 });

// The bench's churn: partners' public records (not Jiaxing's), in id order, 2,000 of them.
const churned = docs
  .filter((d) => d.region !== 'jiaxing' && d.visibility === 'public')
  .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  .slice(0, 2000);
let changes = 0;
const started = Date.parse('2026-12-06T00:00:00.000Z');
const change = (): SearchDocument => {
  const doc = churned[changes % churned.length];
  const at = new Date(started + 20 * changes).toISOString();
  return { ...doc, description: DESCRIPTIONS[changes++ % DESCRIPTIONS.length], updatedAt: at };
};
const cpuMs = (run: () => void) => {
  const used = process.cpuUsage();
  run();
  const spent = process.cpuUsage(used);
  return (spent.user + spent.system) / 1000;
};

const quiet = engines.map(() => 0);
for (let round = 0; round < 3; round++) engines.forEach((e, i) => (quiet[i] += cpuMs(() => queries.forEach((q) => e.index.search(q)))));
const churn = engines.map(() => 0);
const apply = engines.map(() => 0);
let asked = 0;
for (let round = 0; round < rounds; round++) {
  const batch = Array.from({ length: BATCH }, change);
  engines.forEach((e, i) => (apply[i] += cpuMs(() => batch.forEach((d) => e.index.upsert(d)))));
  const due = queries.filter((_, k) => k % 2 === round % 2);
  asked += due.length;
  engines.forEach((e, i) => (churn[i] += cpuMs(() => due.forEach((q) => e.index.search(q)))));
}
const differing = queries.filter((q) => JSON.stringify(engines[0].index.search(q)) !== JSON.stringify(engines[1].index.search(q))).length;
const figures = engines.map((e, i) => ({
  engine: e.name,
  quietCpuMsPerQuery: round3(quiet[i] / (3 * queries.length)),
  churnCpuMsPerQuery: round3(churn[i] / asked),
  cpuMsPerChange: round3(apply[i] / (rounds * BATCH)),
}));
process.stdout.write(`${JSON.stringify({ documents: docs.length, queries: queries.length, changes, figures, answersDiffering: differing })}\n`);
