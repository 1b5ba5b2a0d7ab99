import { SignJWT } from 'jose';
import type { Principal } from './principal';

/** Mints an HS256 token (demo, tests, `npm run token`). Real deployments use their identity provider. */
export async function mintToken(secret: string, principal: Principal, ttl: string = '12h'): Promise<string> {
  const claims: Record<string, unknown> = { roles: principal.roles };
  if (principal.unitId) claims.unitId = principal.unitId;
  if (principal.region) claims.region = principal.region;
  if (principal.department) claims.department = principal.department;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(principal.sub)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}
