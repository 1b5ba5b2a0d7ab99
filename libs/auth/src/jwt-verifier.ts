import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { isDepartmentCode } from '@app/common';
import { isRole, type Principal } from './principal';

export interface JwtVerifierOptions {
  secret: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Longest accepted lifetime: both `exp - iat` and `exp - now`; default 24 h. */
  maxTokenLifetimeSeconds?: number;
}

const DEFAULT_MAX_LIFETIME_SECONDS = 24 * 3600;

/** Tokens remembered as verified: a few hundred bytes each; the oldest go first. */
const REMEMBERED_TOKENS = 10_000;

/** A remembered principal is never shared with a request that could change it. */
const copyOf = (principal: Principal): Principal => ({ ...principal, roles: [...principal.roles] });

export class InvalidTokenError extends Error {}

/** Identifiers in claims end up in queries and logs: printable, bounded. */
const CLAIM = /^[\p{L}\p{N}._:@-]{1,128}$/u;

/** HS256 with the shared secret; or, when a JWKS URL is configured, the identity provider's keys. */
@Injectable()
export class JwtVerifier {
  private readonly key: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  /**
   * Tokens this verifier accepted with the shared secret, with their expiry: a client sends the same
   * token with every request, and its signature and claims cannot have changed since (the secret is
   * read once at start). Only time can end its validity, so a remembered token is checked against
   * its `exp` exactly as jose does (expired once the current second reaches it) and verified anew
   * after that, which refuses it with jose's own message. Nothing refused is remembered. Not with a
   * JWKS: the identity provider may withdraw a key, and only a fresh verification sees that.
   */
  private readonly verified = new Map<string, { principal: Principal; exp: number }>();

  constructor(private readonly options: JwtVerifierOptions) {
    this.key = new TextEncoder().encode(options.secret);
    this.jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
  }

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known) {
      if (Math.floor(Date.now() / 1000) < known.exp) return copyOf(known.principal);
      this.verified.delete(token);
    }
    const { principal, exp } = await this.verifyAnew(token);
    if (!this.jwks) {
      if (this.verified.size >= REMEMBERED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { principal: copyOf(principal), exp });
    }
    return principal;
  }

  private async verifyAnew(token: string): Promise<{ principal: Principal; exp: number }> {
    let payload: JWTPayload;
    try {
      // A token without an expiry would be valid forever: refuse it. Without `iat` its lifetime cannot be told.
      const verifyOptions = { issuer: this.options.issuer, audience: this.options.audience, requiredClaims: ['exp', 'iat'] };
      payload = this.jwks
        ? (await jwtVerify(token, this.jwks, { ...verifyOptions, algorithms: ['RS256', 'ES256', 'EdDSA'] })).payload
        : (await jwtVerify(token, this.key, { ...verifyOptions, algorithms: ['HS256'] })).payload;
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid token');
    }
    this.checkLifetime(payload);
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidTokenError('token has no subject');
    const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
    for (const claim of ['sub', 'unitId', 'region'] as const) {
      const value = payload[claim];
      if (value !== undefined && (typeof value !== 'string' || !CLAIM.test(value))) throw new InvalidTokenError(`claim ${claim} is malformed`);
    }
    if (roles.length === 0) throw new InvalidTokenError('token carries no known role');
    const principal: Principal = {
      sub: payload.sub,
      roles,
      unitId: typeof payload.unitId === 'string' ? payload.unitId : undefined,
      region: typeof payload.region === 'string' ? payload.region : undefined,
    };
    // A department role without the department it speaks for could only be read as "every
    // department" or "none": refuse it. Without the role, the claim grants nothing and is dropped.
    if (roles.includes('department')) {
      if (!isDepartmentCode(payload.department)) throw new InvalidTokenError('claim department must name a competent department with role department');
      principal.department = payload.department;
    }
    return { principal, exp: payload.exp! };
  }

  /**
   * An expiry far ahead (`exp: 1e300`) makes a leaked token a permanent one. Measured from
   * `iat` and from now, so a forged future `iat` does not stretch it either.
   */
  private checkLifetime(payload: JWTPayload): void {
    const max = this.options.maxTokenLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
    const exp = payload.exp!;
    const iat = payload.iat!;
    const now = Date.now() / 1000;
    if (exp - iat > max || exp - now > max) throw new InvalidTokenError(`token lifetime exceeds ${max} s`);
  }
}
