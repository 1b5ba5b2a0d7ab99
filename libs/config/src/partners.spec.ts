import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '@app/config';

describe('partners file (PARTNERS_FILE)', () => {
  const secrets = { AUTH_JWT_SECRET: randomBytes(24).toString('hex'), BOOKING_PSEUDONYM_KEY: randomBytes(24).toString('hex') };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partners-'));
  const write = (content: unknown) => {
    const file = path.join(dir, `p-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const shanghai = {
    id: 'shanghai',
    region: 'shanghai',
    protocol: 'grpc',
    address: '127.0.0.1:50061',
    inboundToken: 'sh-in-0123456789abcdef',
    outboundToken: 'sh-out-0123456789abcdef',
  };

  it('loads partners with defaults for pull interval and deadline', () => {
    const config = loadConfig({ ...secrets, PARTNERS_FILE: write([shanghai]) });
    const { inboundToken, ...rest } = shanghai;
    expect(config.partners).toEqual([
      { ...rest, inboundTokenSha256: createHash('sha256').update(inboundToken).digest('hex'), tls: undefined, pullIntervalMs: 5_000, deadlineMs: 10_000 },
    ]);
    // The token itself is not kept in memory, only its digest.
    expect(JSON.stringify(config)).not.toContain(inboundToken);
  });

  it('has no partners without a file', () => {
    expect(loadConfig(secrets).partners).toEqual([]);
  });

  it.each([
    ['not JSON', '{', /readable JSON file/],
    ['not an array', { a: 1 }, /JSON array/],
    ['an unknown region', [{ ...shanghai, region: 'beijing' }], /entry 0 \(shanghai\) field region/],
    ['an unknown protocol', [{ ...shanghai, protocol: 'soap' }], /field protocol must be grpc or openapi/],
    ['a short token', [{ ...shanghai, inboundToken: 'x' }], /field inboundToken/],
    ['a duplicate id', [shanghai, shanghai], /entry 1 \(shanghai\) field id must be unique/],
    ['a token another partner holds', [shanghai, { ...shanghai, id: 'anhui', region: 'anhui' }], /entry 1 \(anhui\) field inboundToken must differ/],
    ['a missing CA file', [{ ...shanghai, tls: { caFile: '/nonexistent/ca.pem' } }], /field tls.caFile must name an existing file/],
    ['a bad deadline', [{ ...shanghai, deadlineMs: -1 }], /field deadlineMs/],
  ])('stops start-up on %s, naming the entry and field', (_case, content, message) => {
    expect(() => loadConfig({ ...secrets, PARTNERS_FILE: write(content) })).toThrow(ConfigError);
    expect(() => loadConfig({ ...secrets, PARTNERS_FILE: write(content) })).toThrow(message);
  });
});
