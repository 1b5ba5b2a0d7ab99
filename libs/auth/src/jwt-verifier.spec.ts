import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { InvalidTokenError, JwtVerifier, mintToken } from '@app/auth';

const SECRET = 'a-test-secret-that-is-long-enough-000';

describe('JwtVerifier', () => {
  it('accepts an HS256 token with the secret and reads its claims', async () => {
    const token = await mintToken(SECRET, { sub: 'alice', roles: ['unit_admin'], unitId: 'jx-u001', region: 'jiaxing' });
    await expect(new JwtVerifier({ secret: SECRET }).verify(token)).resolves.toEqual({
      sub: 'alice',
      roles: ['unit_admin'],
      unitId: 'jx-u001',
      region: 'jiaxing',
    });
  });

  it.each([
    ['another secret', async () => mintToken('another-secret-that-is-long-enough-00', { sub: 'a', roles: ['user'] })],
    ['no known role', async () => mintToken(SECRET, { sub: 'a', roles: ['superuser' as never] })],
    ['no subject', async () => new SignJWT({ roles: ['user'] }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET))],
    ['expired', async () => mintToken(SECRET, { sub: 'a', roles: ['user'] }, '-1m')],
    ['not a JWT', async () => 'not.a.jwt'],
    ['no expiry', async () => new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').sign(new TextEncoder().encode(SECRET))],
    ['a control character in a claim', async () => mintToken(SECRET, { sub: 'a', roles: ['user'], unitId: 'jx-u001\u0000' })],
  ])('rejects a token with %s', async (_case, make) => {
    await expect(new JwtVerifier({ secret: SECRET }).verify(await make())).rejects.toBeInstanceOf(InvalidTokenError);
  });

  describe('role department (competent departments, Art. 7)', () => {
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('officer')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(SECRET));

    it('carries the department the token names', async () => {
      const token = await mintToken(SECRET, { sub: 'wang', roles: ['department'], department: 'science_bureau', region: 'jiaxing' });
      await expect(new JwtVerifier({ secret: SECRET }).verify(token)).resolves.toEqual({
        sub: 'wang',
        roles: ['department'],
        department: 'science_bureau',
        region: 'jiaxing',
        unitId: undefined,
      });
    });

    it.each([
      ['no department claim', { roles: ['department'] }],
      ['an unknown department', { roles: ['department'], department: 'finance_bureau' }],
      ['a department that is not a string', { roles: ['department'], department: ['science_bureau'] }],
      ['the department by its name instead of its code', { roles: ['department'], department: '嘉兴市科学技术局' }],
      ['no department beside another role', { roles: ['user', 'department'] }],
    ])('refuses a department token with %s', async (_case, claims) => {
      await expect(new JwtVerifier({ secret: SECRET }).verify(await sign(claims))).rejects.toThrow(/claim department/);
    });

    it('ignores a department claim on a token without the role: it grants nothing', async () => {
      const principal = await new JwtVerifier({ secret: SECRET }).verify(await sign({ roles: ['user'], department: 'science_bureau' }));
      expect(principal).toEqual({ sub: 'officer', roles: ['user'], unitId: undefined, region: undefined });
      expect(principal).not.toHaveProperty('department');
      // Nor does a bad one make an otherwise good token fail.
      await expect(new JwtVerifier({ secret: SECRET }).verify(await sign({ roles: ['admin'], department: 'nope' }))).resolves.toMatchObject({
        roles: ['admin'],
      });
    });
  });

  describe('token lifetime (capped, 24 h unless configured)', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT({ roles: ['admin'], ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory').sign(new TextEncoder().encode(SECRET));

    it.each([
      ['an expiry of 1e300', () => sign({ iat: now(), exp: 1e300 })],
      ['no issued-at', () => sign({ exp: now() + 600 })],
      ['exp - iat beyond 24 h', () => sign({ iat: now() - 3_600, exp: now() + 24 * 3_600 })],
      ['exp - now beyond 24 h, whatever iat says', () => sign({ iat: now() + 10 * 24 * 3_600, exp: now() + 10 * 24 * 3_600 + 60 })],
    ])('refuses a token with %s', async (_case, make) => {
      await expect(new JwtVerifier({ secret: SECRET }).verify(await make())).rejects.toThrow(/lifetime|iat/);
    });

    it('accepts the 12 h tokens the demo mints, and follows a configured cap', async () => {
      const token = await mintToken(SECRET, { sub: 'a', roles: ['user'] });
      await expect(new JwtVerifier({ secret: SECRET }).verify(token)).resolves.toMatchObject({ sub: 'a' });
      await expect(new JwtVerifier({ secret: SECRET, maxTokenLifetimeSeconds: 3_600 }).verify(token)).rejects.toThrow(/lifetime/);
    });
  });

  describe('a token sent again (remembered as verified)', () => {
    afterEach(() => jest.useRealTimers());

    it('is refused from the second its expiry is reached, with the message a first look gives', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: new Date('2026-12-06T08:00:00.400Z') });
      const token = await mintToken(SECRET, { sub: 'alice', roles: ['user'] }, '10m');
      const verifier = new JwtVerifier({ secret: SECRET });
      await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'alice' });
      jest.setSystemTime(new Date('2026-12-06T08:09:59.999Z'));
      await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'alice' });
      jest.setSystemTime(new Date('2026-12-06T08:10:00.000Z'));
      const refused = verifier.verify(token);
      await expect(refused).rejects.toBeInstanceOf(InvalidTokenError);
      const firstLook = await new JwtVerifier({ secret: SECRET }).verify(token).then(
        () => 'accepted',
        (error: Error) => error.message,
      );
      await expect(refused).rejects.toThrow(firstLook);
    });

    it('answers each request with its own principal, and only for the verifier that accepted it', async () => {
      const token = await mintToken(SECRET, { sub: 'alice', roles: ['unit_admin'], unitId: 'jx-u001' });
      const verifier = new JwtVerifier({ secret: SECRET });
      for (let i = 0; i < 2; i++) {
        const principal = await verifier.verify(token);
        principal.roles.push('admin');
        principal.unitId = 'jx-u999';
      }
      await expect(verifier.verify(token)).resolves.toEqual({ sub: 'alice', roles: ['unit_admin'], unitId: 'jx-u001', region: undefined });
      await expect(new JwtVerifier({ secret: 'another-secret-that-is-long-enough-00' }).verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
      await expect(new JwtVerifier({ secret: SECRET, maxTokenLifetimeSeconds: 3_600 }).verify(token)).rejects.toThrow(/lifetime/);
    });
  });

  it("verifies an identity provider's RS256 tokens through its JWKS URL", async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const server = http.createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
      const verifier = new JwtVerifier({ secret: SECRET, jwksUrl: url, issuer: 'https://idp.example' });
      const token = await new SignJWT({ roles: ['customs_officer'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('officer-7')
        .setIssuer('https://idp.example')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'officer-7', roles: ['customs_officer'] });
      // With a JWKS configured, a token signed with the shared secret is no longer enough.
      await expect(verifier.verify(await mintToken(SECRET, { sub: 'x', roles: ['admin'] }))).rejects.toBeInstanceOf(InvalidTokenError);
    } finally {
      server.close();
    }
  });
});
