import { createHash } from 'node:crypto';

/**
 * SearchInstruments page tokens. Opaque to partners; inside: the page number
 * and a digest of the canonical query (text, regions as a set, category
 * prefix, page size) it was issued for, so a token is only ever accepted with
 * the query that produced it, and only in the one form we issue.
 */
export interface PageQuery {
  query: string;
  regions: string[];
  categoryPrefix: string;
  pageSize: number;
}

const VERSION = 't1';
const MAX_PAGE = 100_000;

function digest(q: PageQuery, page: number): string {
  const canonical = JSON.stringify([q.query, [...new Set(q.regions)].sort(), q.categoryPrefix, q.pageSize, page]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

export function encodePageToken(q: PageQuery, page: number): string {
  return `${VERSION}.${page}.${digest(q, page)}`;
}

/** The page a token stands for with this query (1 for the empty token); undefined when it was not issued for it. */
export function decodePageToken(token: string, q: PageQuery): number | undefined {
  if (token === '') return 1;
  const match = /^t1\.([2-9]|[1-9]\d{1,5})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return undefined;
  const page = Number(match[1]);
  if (page > MAX_PAGE) return undefined;
  return digest(q, page) === match[2] ? page : undefined;
}
