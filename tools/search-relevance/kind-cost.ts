/**
 * What some kinds of never-asked question cost two engines, question by question: bench:search's
 * never-asked questions whose kind (`questionKind`: script, sort, filters) matches a pattern, each
 * asked five times of each engine alternately and timed by its fastest ask (wall). The fastest of
 * five leaves out the collector's pauses and other threads' CPU, which at 1,000,000 documents move a
 * process-CPU figure by more than a change to one kind of question does; the sum is what the kind
 * costs. Prints the questions that moved most each way, then one JSON line.
 *
 *   node --max-old-space-size=8192 -r @swc-node/register tools/search-relevance/kind-cost.ts <perRegion> <baselineDir> <kindPattern>
 *
 * e.g. `… kind-cost.ts 200000 /tmp/base '/(fee|freshness)/'` (baseline: `git archive <commit>
 * libs/search/src/engine | tar -x -C /tmp/base`).
 */
import { SearchIndex } from '@app/search';
import { novelQueries } from '../../bench/search-questions';
import { generatedDocuments } from './corpus';
import { labelQueries, loadRelevanceQueries } from './relevance-set';
import { baselineSearchIndex, questionKind, round3 } from './tool-support';

const [perRegion, baselineDir, pattern] = process.argv.slice(2);
if (!perRegion || !baselineDir || !pattern) throw new Error('usage: kind-cost.ts <perRegion> <baselineDir> <kindPattern>');
const kinds = new RegExp(pattern.replace(/^\/|\/$/g, ''));
const ASKS = 5;
const WARM = 1_500;

const docs = generatedDocuments(Number(perRegion));
const texts = labelQueries(loadRelevanceQueries(), docs).map((r) => r.q);
const questions = novelQueries(docs, texts, 6_000);
const Baseline = baselineSearchIndex(baselineDir);
const engines = [Baseline.from(docs), SearchIndex.from(docs)];
for (const q of questions.slice(0, WARM)) for (const e of engines) e.search(q);

const chosen = questions.slice(WARM).filter((q) => kinds.test(questionKind(q)));
const sums = [0, 0];
const rows: { baseline: number; current: number; q: string }[] = [];
for (const q of chosen) {
  const fastest = [Infinity, Infinity];
  for (let ask = 0; ask < ASKS; ask++) {
    for (const e of ask % 2 === 0 ? [0, 1] : [1, 0]) {
      const started = performance.now();
      engines[e].search(q);
      fastest[e] = Math.min(fastest[e], performance.now() - started);
    }
  }
  sums[0] += fastest[0];
  sums[1] += fastest[1];
  rows.push({ baseline: fastest[0], current: fastest[1], q: JSON.stringify(q) });
}
rows.sort((a, b) => b.current - b.baseline - (a.current - a.baseline));
const line = (r: (typeof rows)[number]) => `  ${r.baseline.toFixed(2)} → ${r.current.toFixed(2)} ms ${r.q}\n`;
process.stdout.write(`slower:\n${rows.slice(0, 6).map(line).join('')}faster:\n${rows.slice(-6).reverse().map(line).join('')}`);
process.stdout.write(
  `${JSON.stringify({ documents: docs.length, kinds: pattern, questions: chosen.length, baselineMs: round3(sums[0]), currentMs: round3(sums[1]) })}\n`,
);
