/**
 * The relevance set: labelled queries over a fixed generated corpus, and the
 * metrics. Labels come from the generator's ground truth (which family an
 * instrument belongs to, its maker and model line), never from the engine:
 * each query says which families / models / makers are relevant (grade 2 =
 * what was asked for, 1 = related), and {@link labelQueries} turns that into
 * instrument ids for any corpus of generated instruments.
 */
import { INSTRUMENT_FAMILIES } from '@app/seed';
// Types only: labelling must not run engine code (and must load without the engine's wiring).
import type { GeoPoint, SearchDocument, SearchQuery } from '@app/search';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The corpus the stored labels refer to: `generateCatalog({region, count: perRegion, seed})` for every region. */
export const RELEVANCE_CORPUS = { perRegion: 1000, seed: 1, asOf: '2026-11-01' } as const;

/** One rule: every condition given must hold. `family` is a generator family key. */
export interface RelevanceRule {
  family?: string;
  /** Family name contains this text (e.g. every family whose name says 显微). */
  familyNameContains?: string;
  /** Family English name contains this text, case-insensitively. */
  familyNameEnContains?: string;
  model?: string;
  manufacturer?: string;
  grade: 1 | 2;
}

/** Structured filters of a query, in {@link SearchQuery} terms. */
export type RelevanceFilters = Pick<SearchQuery, 'region' | 'city' | 'category' | 'serviceMode' | 'customsGated' | 'feeMax' | 'near' | 'radiusKm'>;

export interface RelevanceQuerySpec {
  id: string;
  kind: 'zh' | 'en' | 'abbreviation' | 'model' | 'mixed' | 'misspelt' | 'filtered';
  q: string;
  filters?: RelevanceFilters;
  relevant: RelevanceRule[];
  /** Labels on {@link RELEVANCE_CORPUS}: instrument id → grade. */
  expected?: Record<string, number>;
}

export interface RelevanceQuery extends RelevanceQuerySpec {
  expected: Record<string, number>;
}

const FAMILY_BY_KEY = new Map(INSTRUMENT_FAMILIES.map((f) => [f.key, f]));
const FAMILY_BY_NAME = new Map(INSTRUMENT_FAMILIES.map((f) => [f.name, f]));

/** Where the queries and their labels are kept (read as data, not imported: type-checking 250 kB of labels is slow). */
export const RELEVANCE_FILE = path.join(__dirname, 'queries.json');

export interface RelevanceFile {
  $comment: string;
  corpus: Record<string, unknown>;
  queries: RelevanceQuerySpec[];
}

export function readRelevanceFile(): RelevanceFile {
  return JSON.parse(readFileSync(RELEVANCE_FILE, 'utf8')) as RelevanceFile;
}

/** The stored queries (with their labels on {@link RELEVANCE_CORPUS}). */
export function loadRelevanceQueries(): RelevanceQuerySpec[] {
  return readRelevanceFile().queries;
}

function ruleGrade(rule: RelevanceRule, doc: SearchDocument): number {
  // Generated instruments carry their family's name verbatim: that is the ground truth of the family.
  const family = FAMILY_BY_NAME.get(doc.name);
  if (rule.family !== undefined) {
    if (!FAMILY_BY_KEY.has(rule.family)) throw new Error(`relevance rule names unknown family ${rule.family}`);
    if (family?.key !== rule.family) return 0;
  }
  if (rule.familyNameContains !== undefined && !family?.name.includes(rule.familyNameContains)) return 0;
  if (rule.familyNameEnContains !== undefined && !family?.nameEn.toLowerCase().includes(rule.familyNameEnContains.toLowerCase())) return 0;
  if (rule.model !== undefined && doc.model !== rule.model) return 0;
  if (rule.manufacturer !== undefined && doc.manufacturer !== rule.manufacturer) return 0;
  return rule.grade;
}

/** Great-circle distance (spherical law of cosines, independent of the engine's formula), km. */
function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const r = Math.PI / 180;
  const c = Math.sin(a.lat * r) * Math.sin(b.lat * r) + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.cos((b.lon - a.lon) * r);
  return 6371.0088 * Math.acos(Math.min(1, Math.max(-1, c)));
}

/** The filters, applied from the documents' own fields (an anonymous viewer: public documents only). */
function passesFilters(doc: SearchDocument, f: RelevanceFilters = {}): boolean {
  if (doc.visibility !== 'public') return false;
  if (f.region && !f.region.includes(doc.region)) return false;
  if (f.city !== undefined && doc.city !== f.city) return false;
  if (f.category !== undefined && !doc.categoryCode.startsWith(f.category)) return false;
  if (f.serviceMode !== undefined && !doc.serviceModes.includes(f.serviceMode)) return false;
  if (f.customsGated !== undefined && doc.customsGated !== f.customsGated) return false;
  if (f.feeMax !== undefined && !(doc.feeExternalCny !== undefined && doc.feeExternalCny <= f.feeMax)) return false;
  if (f.near && f.radiusKm !== undefined && !(doc.location && distanceKm(f.near, doc.location) <= f.radiusKm)) return false;
  return true;
}

/** Instrument id → grade for one query over `docs`. */
export function labelQuery(spec: RelevanceQuerySpec, docs: readonly SearchDocument[]): Record<string, number> {
  const expected: Record<string, number> = {};
  for (const doc of docs) {
    if (!passesFilters(doc, spec.filters)) continue;
    let grade = 0;
    for (const rule of spec.relevant) grade = Math.max(grade, ruleGrade(rule, doc));
    if (grade > 0) expected[doc.id] = grade;
  }
  return expected;
}

/** The queries labelled over `docs` (any generated corpus, e.g. the 200,000-instrument benchmark). */
export function labelQueries(specs: readonly RelevanceQuerySpec[], docs: readonly SearchDocument[]): RelevanceQuery[] {
  return specs.map((spec) => ({ ...spec, expected: labelQuery(spec, docs) }));
}

/** |relevant ∩ top 10| / min(10, |relevant|); 1 when nothing is relevant and nothing is returned. */
export function recallAt10(ids: readonly string[], expected: Record<string, number>): number {
  const relevant = Object.keys(expected).length;
  if (relevant === 0) return ids.length === 0 ? 1 : 0;
  const hits = ids.slice(0, 10).filter((id) => (expected[id] ?? 0) > 0).length;
  return hits / Math.min(10, relevant);
}

/** nDCG@10 with gains 2^grade − 1. */
export function ndcgAt10(ids: readonly string[], expected: Record<string, number>): number {
  const dcg = (grades: number[]) => grades.slice(0, 10).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg(Object.values(expected).sort((a, b) => b - a));
  if (ideal === 0) return ids.length === 0 ? 1 : 0;
  return dcg(ids.map((id) => expected[id] ?? 0)) / ideal;
}

export interface RelevanceReport {
  queries: number;
  recallAt10: number;
  ndcgAt10: number;
  failures: { id: string; q: string; recallAt10: number; ndcgAt10: number; top: string[]; relevant: number }[];
}

/** Runs every query (top 10) and averages the metrics; a failure is a query with recall@10 below 1. */
export function evaluateRelevance(queries: readonly RelevanceQuery[], top10: (query: RelevanceQuery) => string[]): RelevanceReport {
  let recall = 0;
  let ndcg = 0;
  const failures: RelevanceReport['failures'] = [];
  for (const query of queries) {
    const ids = top10(query);
    const r = recallAt10(ids, query.expected);
    const n = ndcgAt10(ids, query.expected);
    recall += r;
    ndcg += n;
    if (r < 1) failures.push({ id: query.id, q: query.q, recallAt10: r, ndcgAt10: n, top: ids, relevant: Object.keys(query.expected).length });
  }
  const count = Math.max(1, queries.length);
  return { queries: queries.length, recallAt10: recall / count, ndcgAt10: ndcg / count, failures };
}
