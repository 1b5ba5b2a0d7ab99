import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from './principal';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';
export const ACCEPTS_SCRAPE_TOKEN = 'auth:scrape-token';

/** Reachable without a token (a token, if sent, is still verified and used). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Needs a token with one of these roles. Every non-public route must say which. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** Also reachable with the configured scrape token (METRICS_TOKEN), which is what Prometheus presents. */
export const AcceptsScrapeToken = () => SetMetadata(ACCEPTS_SCRAPE_TOKEN, true);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
});
