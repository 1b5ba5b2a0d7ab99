/**
 * A document's state in one int (`DocumentColumns.state`): whether it is
 * alive, whether it is public, and its facet cell. Every match's filter check
 * and facet count read these three; at 1,000,000 documents each column read
 * for a scattered match is a cache miss of its own.
 */

/** The document is alive. */
export const STATE_ALIVE = 1;
/** The document is public. */
export const STATE_PUBLIC = 2;
/** Its facet cell is `state >> STATE_CELL_SHIFT`. */
export const STATE_CELL_SHIFT = 2;
