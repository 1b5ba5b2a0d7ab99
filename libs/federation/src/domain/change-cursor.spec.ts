import { ChangeCursorCodec } from './change-cursor';

describe('change cursor', () => {
  const codec = new ChangeCursorCodec('k'.repeat(32));

  it('round-trips and starts from the beginning when empty', () => {
    expect(codec.decode(codec.encode(123456789n))).toEqual({ ok: true, position: 123456789n });
    expect(codec.decode('')).toEqual({ ok: true, position: 0n });
  });

  it('reveals nothing of the position: one length, a fresh value each time', () => {
    const near = [codec.encode(1n), codec.encode(1n), codec.encode(2n), codec.encode(20_001n)];
    expect(new Set(near).size).toBe(4);
    expect(new Set(near.map((c) => c.length)).size).toBe(1);
  });

  it("opens only this deployment's cursors, unaltered", () => {
    const cursor = codec.encode(42n);
    expect(new ChangeCursorCodec('o'.repeat(32)).decode(cursor)).toEqual({ ok: false, reason: 'invalid' });
    const bytes = Buffer.from(cursor.slice(3), 'base64url');
    bytes[14] ^= 1;
    expect(codec.decode(`c2.${bytes.toString('base64url')}`)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('keeps the cursors of different feeds apart: one sealed for another purpose does not open here', () => {
    const usage = new ChangeCursorCodec('k'.repeat(32), 'yrd.federation.v1.UsageService.ListUsage cursor');
    expect(usage.decode(usage.encode(7n))).toEqual({ ok: true, position: 7n });
    expect(new ChangeCursorCodec('k'.repeat(32)).decode(usage.encode(7n))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('answers the plain cursors issued before as too old, so the partner restarts', () => {
    expect(codec.decode('c1.' + Buffer.from('123').toString('base64url'))).toEqual({ ok: false, reason: 'expired' });
  });

  it.each(['garbage', 'c2.!!!', 'c2.' + 'A'.repeat(100), 'c2.AAAA'])('rejects %s', (cursor) => {
    expect(codec.decode(cursor)).toEqual({ ok: false, reason: 'invalid' });
  });
});
