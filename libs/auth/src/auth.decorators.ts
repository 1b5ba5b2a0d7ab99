import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { callerOf } from './credentials';
import type { Caller, Principal, Role } from './principal';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';
export const ACCEPTS_SCRAPE_TOKEN = 'auth:scrape-token';
export const ACCEPTS_PARTNERS = 'auth:partners';
export const ACCEPTS_DEVICES = 'auth:devices';

/**
 * The access rule of an HTTP route or a gRPC service/handler (on the class, or
 * on a handler, which then overrides the class for that key). Every endpoint
 * must declare one (`RouteAccessCheck` fails the boot otherwise); the auth
 * guard checks it on both transports.
 */

/** Reachable without a credential (one, if sent, is still verified and used). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** A person's JWT with one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** Also reachable with the configured scrape token (METRICS_TOKEN), which is what Prometheus presents. */
export const AcceptsScrapeToken = () => SetMetadata(ACCEPTS_SCRAPE_TOKEN, true);

/** A partner platform's bearer token (checked by the `PARTNER_CREDENTIALS` port); no person's JWT opens it. */
export const Partners = () => SetMetadata(ACCEPTS_PARTNERS, true);

/** A device's own token (an IoT gateway's, by the `DEVICE_CREDENTIALS` port); no person's JWT, not even an admin's, opens it. */
export const Devices = () => SetMetadata(ACCEPTS_DEVICES, true);

/** The person calling an HTTP route (undefined on a @Public route called without a JWT, or by another kind of caller). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
});

/** Whoever the guard admitted, on either transport (undefined on a @Public endpoint called without a credential). */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller | undefined => callerOf(ctx));
