import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@app/common';
import { ACCEPTS_SCRAPE_TOKEN, IS_PUBLIC, OWN_CREDENTIAL, REQUIRED_ROLES } from './auth.decorators';
import { InvalidTokenError, JwtVerifier } from './jwt-verifier';
import type { Principal, Role } from './principal';
import { ScrapeToken } from './scrape-token';

/**
 * Deny by default: a route is reachable only if it is marked @Public or names
 * its roles with @Roles. A route that forgot both answers 403 for everyone
 * (and `RouteAccessCheck` fails the boot). A device's route (@OwnCredential) is
 * left to the guard it names.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
    private readonly scrapeToken: ScrapeToken,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const targets = [context.getHandler(), context.getClass()];
    // A device's route: its own guard (attached with the marker) checks its credential, not a JWT.
    if (this.reflector.getAllAndOverride<string>(OWN_CREDENTIAL, targets)) return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);

    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new DomainError('UNAUTHENTICATED', 'Authorization header must be "Bearer <token>"');
      if (this.reflector.getAllAndOverride<boolean>(ACCEPTS_SCRAPE_TOKEN, targets) && this.scrapeToken.matches(match[1])) return true;
      try {
        req.principal = await this.verifier.verify(match[1]);
      } catch (error) {
        throw new DomainError('UNAUTHENTICATED', `invalid token: ${error instanceof InvalidTokenError ? error.message : 'unverifiable'}`);
      }
    }
    if (isPublic) return true;
    if (!req.principal) throw new DomainError('UNAUTHENTICATED', 'this endpoint needs a bearer token');
    if (!roles || roles.length === 0) throw DomainError.forbidden('this endpoint declares no access rule');
    if (!req.principal.roles.some((r) => roles.includes(r))) {
      throw DomainError.forbidden(`needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
