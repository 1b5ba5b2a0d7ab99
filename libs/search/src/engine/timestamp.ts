let lastText: string | undefined;
let lastMs = Number.NaN;

/**
 * `Date.parse`, remembering the last text: documents arrive in runs that share one time (the writes of
 * one batch or import, read in id order), and each is parsed twice (validated, then filed).
 */
export function timestampMs(text: string): number {
  if (text !== lastText) {
    lastMs = Date.parse(text);
    lastText = text;
  }
  return lastMs;
}
