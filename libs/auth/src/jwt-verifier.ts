import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { isRole, type Principal } from './principal';

export interface JwtVerifierOptions {
  secret: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export class InvalidTokenError extends Error {}

/** HS256 with the shared secret; or, when a JWKS URL is configured, the identity provider's keys. */
@Injectable()
export class JwtVerifier {
  private readonly key: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;

  constructor(private readonly options: JwtVerifierOptions) {
    this.key = new TextEncoder().encode(options.secret);
    this.jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const verifyOptions = { issuer: this.options.issuer, audience: this.options.audience };
      payload = this.jwks
        ? (await jwtVerify(token, this.jwks, { ...verifyOptions, algorithms: ['RS256', 'ES256', 'EdDSA'] })).payload
        : (await jwtVerify(token, this.key, { ...verifyOptions, algorithms: ['HS256'] })).payload;
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid token');
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidTokenError('token has no subject');
    const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
    if (roles.length === 0) throw new InvalidTokenError('token carries no known role');
    return {
      sub: payload.sub,
      roles,
      unitId: typeof payload.unitId === 'string' ? payload.unitId : undefined,
      region: typeof payload.region === 'string' ? payload.region : undefined,
    };
  }
}
