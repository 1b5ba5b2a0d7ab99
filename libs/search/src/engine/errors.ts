/**
 * A query the engine cannot answer as asked (bad page size, unknown sort,
 * foreign cursor…). The HTTP layer answers 400 with the message; `field`
 * names the offending parameter.
 */
export class SearchQueryError extends Error {
  override readonly name = 'SearchQueryError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A document the index refuses (missing id, impossible coordinates…): a bug or bad data upstream, never user input. */
export class SearchDocumentError extends Error {
  override readonly name = 'SearchDocumentError';
  constructor(
    message: string,
    readonly documentId?: string,
  ) {
    super(message);
  }
}
