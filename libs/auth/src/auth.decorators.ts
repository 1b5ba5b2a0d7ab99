import { SetMetadata, UseGuards, applyDecorators, createParamDecorator, type CanActivate, type ExecutionContext, type Type } from '@nestjs/common';
import type { Principal, Role } from './principal';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';
export const ACCEPTS_SCRAPE_TOKEN = 'auth:scrape-token';
export const OWN_CREDENTIAL = 'auth:own-credential';

/** Reachable without a token (a token, if sent, is still verified and used). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Needs a token with one of these roles. Every non-public route must say which. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** Also reachable with the configured scrape token (METRICS_TOKEN), which is what Prometheus presents. */
export const AcceptsScrapeToken = () => SetMetadata(ACCEPTS_SCRAPE_TOKEN, true);

/**
 * Not a route for people: a device presents its own credential (an IoT
 * gateway's token), checked by `guard` and never by the JWT verifier, so no
 * user token (not even an admin's) opens it. This is the route's access
 * declaration for the boot check, and it attaches the guard itself, so the
 * declaration cannot exist without the check.
 */
export const OwnCredential = (guard: Type<CanActivate>) => applyDecorators(SetMetadata(OWN_CREDENTIAL, guard.name), UseGuards(guard));

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
});
