/**
 * Regenerates the labels of the relevance set:
 *
 *   node -r @swc-node/register tools/search-relevance/label.ts
 *
 * Reads each query's rules from queries.json, labels them on the fixed
 * generated corpus (RELEVANCE_CORPUS) from the generator's ground truth, and
 * writes `expected` back. The engine is not involved.
 */
import { writeFileSync } from 'node:fs';
import { generatedDocuments } from './corpus';
import { RELEVANCE_CORPUS, RELEVANCE_FILE, labelQueries, readRelevanceFile } from './relevance-set';

const relevanceFile = readRelevanceFile();
const labelled = labelQueries(relevanceFile.queries, generatedDocuments());

// One line per field keeps the file reviewable: a changed label map shows as one changed line.
const queries = labelled.map((query) => {
  const expected = Object.fromEntries(Object.entries(query.expected).sort(([a], [b]) => (a < b ? -1 : 1)));
  const fields = Object.entries({ ...query, expected }).map(([key, value]) => `      ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return `    {\n${fields.join(',\n')}\n    }`;
});
const header = { $comment: relevanceFile.$comment, corpus: { ...relevanceFile.corpus, ...RELEVANCE_CORPUS } };
const headerText = JSON.stringify(header, null, 2).slice(0, -2);
writeFileSync(RELEVANCE_FILE, `${headerText},\n  "queries": [\n${queries.join(',\n')}\n  ]\n}\n`);

for (const q of labelled) {
  const grades = Object.values(q.expected);
  process.stdout.write(
    `${q.id.padEnd(16)} ${q.q.padEnd(32)} relevant ${String(grades.length).padStart(5)} (grade 2: ${grades.filter((g) => g === 2).length})\n`,
  );
}
process.stdout.write(`${labelled.length} queries labelled on ${RELEVANCE_CORPUS.perRegion} instruments per region, seed ${RELEVANCE_CORPUS.seed}\n`);
