import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Our outbound change-feed cursor. Inside it is a position in the
 * instruments' global change sequence, which also counts changes partners
 * never see (confidential and exempted records, Art. 2, 11): a raw number
 * would tell them how many hidden records changed and when. So the position
 * is sealed with AES-256-GCM under a per-deployment key and a fresh random
 * nonce on every issue: a cursor has one fixed length, reveals nothing, and
 * two cursors for the same position differ. Only this server can open it, and
 * a forged or altered one fails authentication.
 *
 * `c1.` cursors (the position in plain base64url, issued before) are not
 * accepted any more: they are answered as too old, so the partner restarts
 * from an empty cursor (a full snapshot) as the contract prescribes.
 */
const PREFIX = 'c2.';
const LEGACY_PREFIX = 'c1.';
const NONCE = 12;
const TAG = 16;
const POSITION = 8;
/** Binds a sealed cursor to its feed, so no other sealed value (another feed's cursor) can pass as one. */
const CHANGES_PURPOSE = 'yrd.federation.v1.CatalogService.ListChanges cursor';
const MAX_SEQ = 9_223_372_036_854_775_807n;

export type DecodedCursor = { ok: true; position: bigint } | { ok: false; reason: 'invalid' | 'expired' };

export class ChangeCursorCodec {
  private readonly key: Buffer;
  private readonly aad: Buffer;

  /** `purpose` names the feed (UsageService seals its own positions the same way, under another purpose). */
  constructor(secret: string, purpose: string = CHANGES_PURPOSE) {
    this.aad = Buffer.from(purpose);
    // A fixed-size AES key from the configured secret (already ≥ 32 characters).
    this.key = createHash('sha256').update('yrd change-cursor key\0').update(secret).digest();
  }

  encode(changeSeq: string | bigint): string {
    const position = Buffer.alloc(POSITION);
    position.writeBigUInt64BE(BigInt(changeSeq));
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG });
    cipher.setAAD(this.aad);
    const sealed = Buffer.concat([cipher.update(position), cipher.final()]);
    return PREFIX + Buffer.concat([nonce, sealed, cipher.getAuthTag()]).toString('base64url');
  }

  /** An empty cursor is the beginning of the feed. */
  decode(cursor: string): DecodedCursor {
    if (cursor === '') return { ok: true, position: 0n };
    if (cursor.startsWith(LEGACY_PREFIX) && cursor.length <= 64) return { ok: false, reason: 'expired' };
    if (!cursor.startsWith(PREFIX) || cursor.length > 64) return { ok: false, reason: 'invalid' };
    const bytes = Buffer.from(cursor.slice(PREFIX.length), 'base64url');
    if (bytes.length !== NONCE + POSITION + TAG) return { ok: false, reason: 'invalid' };
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, NONCE), { authTagLength: TAG });
      decipher.setAAD(this.aad);
      decipher.setAuthTag(bytes.subarray(NONCE + POSITION));
      const position = Buffer.concat([decipher.update(bytes.subarray(NONCE, NONCE + POSITION)), decipher.final()]).readBigUInt64BE();
      return position <= MAX_SEQ ? { ok: true, position } : { ok: false, reason: 'invalid' };
    } catch {
      return { ok: false, reason: 'invalid' };
    }
  }
}
