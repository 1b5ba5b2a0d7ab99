import type { ParsedClause, ParsedQuery } from './analyzer';
import type { DocumentColumns } from './document-columns';
import { isFuzzyCandidate } from './fuzzy';
import type { InvertedIndex } from './inverted-index';

/** Weight factor of a typo-corrected term, by edit distance. */
const FUZZY_WEIGHT = [1, 0.7, 0.5];
const MAX_FUZZY_VARIANTS = 3;
/** Typo lookups per query: each scans part of the vocabulary. */
const MAX_FUZZY_LOOKUPS = 8;
/** A lone CJK character expands to at most this many bigrams. */
const MAX_CHAR_EXPANSION = 256;

/** All of `terms` must be in a document; its score is `weight` × Σ idf × BM25F. */
export interface PlannedAlternative {
  /** Term ids, shortest posting list first. */
  terms: number[];
  idf: number[];
  weight: number;
}

export interface PlannedClause {
  label: string;
  alternatives: PlannedAlternative[];
  /** Postings the clause would read: clauses are evaluated cheapest first. */
  cost: number;
}

export interface QueryPlan {
  clauses: PlannedClause[];
  /** Labels of query terms that nothing visible matches. */
  ignored: string[];
  /** Every index term the plan searches for, for highlighting. */
  highlightTerms: Set<string>;
  /** Term ids of the query's possible exact model designations. */
  modelKeys: Set<number>;
}

/** Who may see what, in the ordinals' terms. */
export interface VisibilityScope {
  seesAll: boolean;
  /** Interned unit id of the viewer, -1 for none or unknown. */
  unit: number;
}

/**
 * Turns analysed query terms into term ids, against what the viewer may see:
 * a word that only occurs in documents hidden from the viewer is treated
 * exactly like a word that does not occur at all (ignored, or typo-corrected),
 * so the answer never reveals that such documents exist.
 */
export class QueryPlanner {
  private fuzzyLookups = 0;

  constructor(
    private readonly index: InvertedIndex,
    private readonly columns: DocumentColumns,
    private readonly scope: VisibilityScope,
  ) {}

  plan(parsed: ParsedQuery): QueryPlan {
    const plan: QueryPlan = { clauses: [], ignored: [], highlightTerms: new Set(), modelKeys: new Set() };
    for (const clause of parsed.clauses) {
      const planned = this.planClause(clause);
      if (planned) plan.clauses.push(planned);
      else plan.ignored.push(clause.label);
    }
    for (const c of plan.clauses) for (const alt of c.alternatives) for (const t of alt.terms) plan.highlightTerms.add(this.index.terms.values[t]);
    for (const key of parsed.modelKeys) {
      const t = this.index.terms.find(key);
      if (t >= 0) plan.modelKeys.add(t);
    }
    return plan;
  }

  private planClause(clause: ParsedClause): PlannedClause | undefined {
    const alternatives: PlannedAlternative[] = [];
    const push = (terms: number[], weight: number) => {
      const sorted = [...new Set(terms)].sort((a, b) => this.index.postings[a].length - this.index.postings[b].length || a - b);
      alternatives.push({ terms: sorted, idf: sorted.map((t) => this.index.idf(t)), weight });
    };
    for (const alt of clause.alternatives) {
      if (alt.terms.length === 1) {
        const t = this.visibleTerm(alt.terms[0]);
        if (t >= 0) push([t], alt.weight);
        else if (alt.correctable) {
          for (const m of this.corrections(alt.terms[0]).slice(0, MAX_FUZZY_VARIANTS)) push([m.termId], alt.weight * FUZZY_WEIGHT[m.distance]);
        }
        continue;
      }
      const ids: number[] = [];
      let weight = alt.weight;
      for (const term of alt.terms) {
        let t = this.visibleTerm(term);
        if (t < 0 && alt.correctable) {
          const best = this.corrections(term)[0];
          if (best) {
            t = best.termId;
            weight *= FUZZY_WEIGHT[best.distance];
          }
        }
        if (t < 0) break;
        ids.push(t);
      }
      if (ids.length === alt.terms.length) push(ids, weight);
    }
    if (clause.char !== undefined) {
      for (const t of this.index.termsWithChar(clause.char).slice(0, MAX_CHAR_EXPANSION)) if (this.isVisible(t)) push([t], 1);
    }
    const unique = new Map<string, PlannedAlternative>();
    for (const alt of alternatives) {
      const key = alt.terms.join(',');
      const seen = unique.get(key);
      if (!seen || seen.weight < alt.weight) unique.set(key, alt);
    }
    if (unique.size === 0) return undefined;
    const list = withoutSubsumed([...unique.values()]);
    const cost = list.reduce((sum, alt) => sum + this.index.postings[alt.terms[0]].length, 0);
    return { label: clause.label, alternatives: list, cost };
  }

  private visibleTerm(term: string): number {
    const t = this.index.terms.find(term);
    return t >= 0 && this.isVisible(t) ? t : -1;
  }

  private corrections(term: string) {
    if (!isFuzzyCandidate(term) || this.fuzzyLookups >= MAX_FUZZY_LOOKUPS) return [];
    this.fuzzyLookups++;
    return this.index.fuzzy.lookup(term, (t) => this.isVisible(t));
  }

  /** Does the term occur in at least one document the viewer may see? */
  private isVisible(t: number): boolean {
    if (this.scope.seesAll) return this.index.dfAll[t] > 0;
    if (this.index.dfPublic[t] > 0) return true;
    if (this.scope.unit < 0 || this.index.dfAll[t] === 0) return false;
    // Only hidden (or dead) documents carry the term: few, so scanning is cheap.
    const list = this.index.postings[t];
    const { alive, unit } = this.columns;
    for (let k = 0; k < list.length; k++) {
      const d = list.docs[k];
      if (alive[d] === 1 && unit[d] === this.scope.unit) return true;
    }
    return false;
  }
}

/**
 * Drops an alternative that needs every term of another alternative of no
 * lower weight: it cannot add a document, and reading its (often long) lists
 * again would only refine a few scores. Synonym expansions are full of these
 * (`high performance liquid chromatograph` under `liquid chromatograph`).
 */
function withoutSubsumed(alternatives: PlannedAlternative[]): PlannedAlternative[] {
  return alternatives.filter(
    (alt) =>
      !alternatives.some(
        (other) => other !== alt && other.terms.length < alt.terms.length && other.weight >= alt.weight && other.terms.every((t) => alt.terms.includes(t)),
      ),
  );
}
