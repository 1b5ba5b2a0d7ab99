/**
 * Our outbound change-feed cursor. Opaque to partners (they must only echo it
 * back); inside it is the position in the instruments' global change sequence.
 */
const PREFIX = 'c1.';

export function encodeCursor(changeSeq: string | bigint): string {
  return PREFIX + Buffer.from(String(changeSeq)).toString('base64url');
}

/** `undefined` for a cursor we did not issue: callers answer INVALID_ARGUMENT. */
export function decodeCursor(cursor: string): bigint | undefined {
  if (cursor === '') return 0n;
  if (!cursor.startsWith(PREFIX) || cursor.length > 64) return undefined;
  const text = Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString();
  if (!/^\d{1,19}$/.test(text)) return undefined;
  const value = BigInt(text);
  return value <= 9_223_372_036_854_775_807n ? value : undefined;
}
