import type { DocumentColumns } from './document-columns';
import type { IdOrder } from './id-order';
import type { PostingList } from './postings';
import { lowerBound } from './query-evaluator';
import { takeLeaders, type Leaders } from './top-k';

/**
 * Postings a broad term keeps in page order: a page of 20 filtered to a
 * tenth of the catalog is usually found among the first few hundred, and a
 * page the leaders cannot show is read from every posting as before.
 */
export const LEADERS = 2048;
/** Terms whose leaders are kept at most (16 kB a term), least recently asked dropped first. */
const KEPT_TERMS = 1024;

interface KeptLeaders extends Leaders {
  /** The index's length normalisation when taken: every weight is computed again when it moves. */
  normalisation: number;
}

/**
 * The leaders of the broad terms asked alone, so that a one-term question
 * filtered on cell values only takes its page from a term's first postings
 * in page order ({@link selectLeading}) instead of reading the weight of
 * every posting (at 1,000,000 instruments a broad word has 50,000–700,000).
 * Taken at the second such question on the term (taking them costs a few
 * walks of its postings, which a word asked once would not get back), and
 * again once the weights are recomputed or the postings added since outgrow
 * a quarter of them: postings added since are read apart at each question,
 * and retired documents among the leaders are refused by the filter.
 */
export class TermLeaders {
  private readonly kept = new Map<number, KeptLeaders>();

  /** Terms asked alone once and not kept, oldest first: their leaders are taken at the second question. */
  private readonly asked = new Set<number>();

  /** `term`'s leaders (its postings `list`), taken now if not kept or no longer of use; undefined at the term's first question. */
  of(term: number, list: PostingList, columns: DocumentColumns, order: IdOrder, normalisation: number): Leaders | undefined {
    const kept = this.kept.get(term);
    if (kept === undefined && !this.asked.has(term)) {
      if (this.asked.size >= KEPT_TERMS) this.asked.delete(this.asked.keys().next().value!);
      this.asked.add(term);
      return undefined;
    }
    if (kept !== undefined) {
      // Most recently asked last: the first one is dropped when room runs out.
      this.kept.delete(term);
      const added = list.length - lowerBound(list.docs, list.length, kept.through);
      if (kept.normalisation === normalisation && added * 4 <= LEADERS) {
        this.kept.set(term, kept);
        return kept;
      }
    } else if (this.kept.size >= KEPT_TERMS) this.kept.delete(this.kept.keys().next().value!);
    // Asked twice more before it is taken again once dropped: a client cycling through more words than are kept
    // would otherwise have every question pay for a take.
    this.asked.delete(term);
    const taken: KeptLeaders = { ...takeLeaders(list, columns.alive, columns.count, order, LEADERS), normalisation };
    this.kept.set(term, taken);
    return taken;
  }
}
