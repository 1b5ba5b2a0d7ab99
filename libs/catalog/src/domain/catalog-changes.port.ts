/**
 * Told after every committed write to instruments in this process (local
 * registry, imports, partner sync), so a reader that follows the change feed —
 * the search index — catches up at once instead of at its next poll: a unit
 * that registers an instrument finds it in the next search on this replica.
 * Other replicas see it at their next poll. Optional: nothing listens in
 * processes without search.
 */
export interface CatalogChanges {
  changed(): void;
}

export const CATALOG_CHANGES = Symbol('CATALOG_CHANGES');
