/**
 * The questions the search benches ask, as HTTP requests: shared by bench:search and the gateway
 * memory tool, so both load a gateway with the same never-asked questions.
 */
import { REGIONS } from '@app/common';
import type { SearchDocument, SearchQuery } from '@app/search';

/** The HTTP request a client sends for an engine query. */
export function searchPath(query: SearchQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (key === 'near') params.set('near', `${(value as { lat: number }).lat},${(value as { lon: number }).lon}`);
    else if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.set(key, String(value));
  }
  return `/api/v1/instruments?${params}`;
}

/**
 * Questions nobody asked before: words and Chinese fragments of real names, model-number
 * prefixes and makers, each with a random mix of filters and pages, all distinct, so no cache
 * answers any of them (what a researcher's fresh search meets).
 */
export function novelQueries(docs: readonly SearchDocument[], relevanceTexts: readonly string[], count: number): SearchQuery[] {
  let state = 0x9e3779b9;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const categories = [...new Set(docs.map((d) => d.categoryCode.slice(0, 2)))];
  const modes = [...new Set(docs.flatMap((d) => d.serviceModes))];
  const text = (): string | undefined => {
    const doc = pick(docs);
    const kind = random();
    if (kind < 0.35) {
      const chars = [...doc.name];
      const length = 2 + Math.floor(random() * 3);
      const start = Math.floor(random() * Math.max(1, chars.length - length));
      return chars.slice(start, start + length).join('');
    }
    if (kind < 0.55 && doc.nameEn) return pick(doc.nameEn.split(/\s+/).filter((w) => w.length > 2)) ?? doc.nameEn;
    if (kind < 0.7 && doc.model) return doc.model.slice(0, 3 + Math.floor(random() * 4));
    if (kind < 0.8 && doc.manufacturer) return doc.manufacturer;
    if (kind < 0.95) return pick(relevanceTexts);
    return undefined;
  };
  const seen = new Set<string>();
  const out: SearchQuery[] = [];
  while (out.length < count) {
    const query: SearchQuery = { q: text(), pageSize: pick([10, 20, 20, 50]) };
    if (random() < 0.3) query.region = [...new Set([pick(REGIONS), pick(REGIONS)])];
    if (random() < 0.25) query.category = pick(categories);
    if (random() < 0.15) query.serviceMode = pick(modes);
    if (random() < 0.15) query.feeMax = 100 * (1 + Math.floor(random() * 50));
    if (random() < 0.15)
      Object.assign(query, { near: { lat: 30 + random() * 2.5, lon: 118 + random() * 4 }, radiusKm: 20 + Math.floor(random() * 200), sort: 'distance' });
    else if (random() < 0.1) query.sort = pick(['fee', 'freshness'] as const);
    if (random() < 0.2) query.page = 2 + Math.floor(random() * 3);
    const key = searchPath(query);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(query);
  }
  return out;
}
