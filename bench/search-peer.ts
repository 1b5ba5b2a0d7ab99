/**
 * The peer of bench:search: MiniSearch, a well-kept JavaScript full-text
 * library, over the same documents and queries, fed the terms our analyzer
 * produces (CJK dictionary words and bigrams, folded Latin words, model
 * designations) for documents and queries alike. Every query term must match
 * (as in ours), field boosts are ours, typo tolerance is MiniSearch's own on
 * the Latin words ours would correct, and filters and the anonymous viewer's
 * policy are applied to its hits as ours apply them. What it lacks is what
 * the engine adds beyond tokens: synonym families (SEM = 扫描电镜 = scanning
 * electron microscope), exact-model ranking, and the speed of typed columns.
 */
import MiniSearch from 'minisearch';
import { Analyzer, DEFAULT_DICTIONARY, DEFAULT_SYNONYMS, haversineKm, type SearchDocument, type SearchQuery } from '@app/search';

const FIELDS = ['name', 'nameEn', 'model', 'manufacturer', 'categoryName', 'description'];
/** Our BM25F field weights (nameEn is part of the name field there). */
const BOOST = { name: 4, nameEn: 4, model: 3, categoryName: 2, manufacturer: 1.5, description: 1 };
/** Latin words ours may correct: letters only, 4 or more; 8 or more allow two edits. */
const CORRECTABLE = /^\p{L}{4,}$/u;
const LATIN = /^[a-z]/;

export class MiniSearchPeer {
  private readonly analyzer = new Analyzer({ dictionary: DEFAULT_DICTIONARY, synonyms: DEFAULT_SYNONYMS });
  private readonly mini: MiniSearch<SearchDocument>;
  private readonly byId = new Map<string, SearchDocument>();

  constructor(docs: readonly SearchDocument[]) {
    // Catalogs repeat names, makers and descriptions: analyse each distinct text once, as our index does.
    const analysed = new Map<string, string[]>();
    const tokenize = (text: string) => {
      let terms = analysed.get(text);
      if (!terms) analysed.set(text, (terms = this.analyzer.terms(text)));
      return terms;
    };
    this.mini = new MiniSearch<SearchDocument>({
      fields: FIELDS,
      idField: 'id',
      tokenize,
      processTerm: (term) => term,
      // Queries arrive as our analyzer's terms already.
      searchOptions: { tokenize: (term) => [term], processTerm: (term) => term, boost: BOOST },
    });
    this.mini.addAll(docs);
    analysed.clear();
    for (const doc of docs) this.byId.set(doc.id, doc);
  }

  /** Ids of the first `k` hits an anonymous viewer gets for `query`. */
  search(query: SearchQuery, k = 10): string[] {
    const terms = [...new Set(this.analyzer.terms(query.q ?? ''))];
    if (terms.length === 0) return [];
    const hits = this.mini.search(
      { combineWith: 'AND', queries: terms },
      {
        fuzzy: (term) => (CORRECTABLE.test(term) && LATIN.test(term) ? (term.length >= 8 ? 2 : 1) : false),
        filter: (hit) => this.passes(this.byId.get(hit.id as string)!, query),
      },
    );
    return hits.slice(0, k).map((hit) => hit.id as string);
  }

  private passes(doc: SearchDocument, q: SearchQuery): boolean {
    if (doc.visibility !== 'public') return false;
    if (q.region && !q.region.includes(doc.region)) return false;
    if (q.city !== undefined && doc.city !== q.city) return false;
    if (q.category !== undefined && !doc.categoryCode.startsWith(q.category)) return false;
    if (q.serviceMode !== undefined && !doc.serviceModes.includes(q.serviceMode)) return false;
    if (q.customsGated !== undefined && doc.customsGated !== q.customsGated) return false;
    if (q.feeMax !== undefined && !(doc.feeExternalCny !== undefined && doc.feeExternalCny <= q.feeMax)) return false;
    if (q.near && q.radiusKm !== undefined && !(doc.location && haversineKm(doc.location, q.near) <= q.radiusKm)) return false;
    return true;
  }
}
