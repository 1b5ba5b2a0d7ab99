import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { loadConfig } from '@app/config';
import { partnerAuthenticator } from './partner-tokens';

describe('partner bearer tokens (gRPC)', () => {
  const tokens = { shanghai: 'shanghai-to-gateway-0123456789', anhui: 'anhui-to-gateway-0123456789' };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'partners-')), 'partners.json');
  fs.writeFileSync(
    file,
    JSON.stringify(
      Object.entries(tokens).map(([id, inboundToken]) => ({
        id,
        region: id,
        protocol: 'grpc',
        address: '127.0.0.1:1',
        inboundToken,
        outboundToken: 'unused-outbound-token-0000',
      })),
    ),
  );
  const secret = () => randomBytes(24).toString('base64url');
  const config = loadConfig({ AUTH_JWT_SECRET: secret(), BOOKING_PSEUDONYM_KEY: secret(), PARTNERS_FILE: file });
  const authenticate = partnerAuthenticator(config.partners);

  it('names the partner whose token is presented', () => {
    expect(authenticate(tokens.shanghai)).toEqual({ kind: 'partner', partnerId: 'shanghai', region: 'shanghai' });
    expect(authenticate(tokens.anhui)).toEqual({ kind: 'partner', partnerId: 'anhui', region: 'anhui' });
  });

  it.each([
    ['an unknown token', 'not-a-partner-token-000000'],
    ['a prefix of a token', tokens.shanghai.slice(0, -1)],
    ['a token with one character changed', `${tokens.shanghai.slice(0, -1)}X`],
    ['a token with something appended', `${tokens.shanghai}0`],
    ['the empty string', ''],
  ])('recognises nobody for %s', (_case, token) => {
    expect(authenticate(token)).toBeUndefined();
  });

  it('keeps no token in clear, in the configuration or in the authenticator', () => {
    const memory = inspect({ config, authenticate }, { depth: 10, showHidden: true }) + JSON.stringify(config);
    for (const token of Object.values(tokens)) expect(memory).not.toContain(token);
  });
});
