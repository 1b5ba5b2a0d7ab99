import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { DomainError } from '@app/common';
import { ACCEPTS_DEVICES, ACCEPTS_PARTNERS, ACCEPTS_SCRAPE_TOKEN, IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { DEVICE_CREDENTIALS, PARTNER_CREDENTIALS, type DeviceCredentials, type PartnerCredentials } from './credential-verifiers';
import { InvalidTokenError, JwtVerifier } from './jwt-verifier';
import type { Caller, Role } from './principal';
import { ScrapeToken } from './scrape-token';

/** What an endpoint declared with the decorators of `auth.decorators.ts`. */
export interface AccessRule {
  public: boolean;
  /** Undefined: not declared; empty: declared without a role (nobody passes). */
  roles?: Role[];
  scraper: boolean;
  partners: boolean;
  devices: boolean;
}

/** An HTTP route's or gRPC handler's rule: the handler's declaration of each key, else its class's. */
export function accessRuleOf(reflector: Reflector, handler: object, controller: object): AccessRule {
  const targets = [handler, controller] as never;
  return {
    public: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) ?? false,
    roles: reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets),
    scraper: reflector.getAllAndOverride<boolean | undefined>(ACCEPTS_SCRAPE_TOKEN, targets) ?? false,
    partners: reflector.getAllAndOverride<boolean | undefined>(ACCEPTS_PARTNERS, targets) ?? false,
    devices: reflector.getAllAndOverride<boolean | undefined>(ACCEPTS_DEVICES, targets) ?? false,
  };
}

/** Whether the endpoint says who may call it at all (the boot check refuses those that do not). */
export function isDeclared(rule: AccessRule): boolean {
  return rule.public || rule.roles !== undefined || rule.scraper || rule.partners || rule.devices;
}

/** Checked again after verification, so the rule alone decides, whichever verifiers ran. */
function admits(rule: AccessRule, caller: Caller): boolean {
  switch (caller.kind) {
    case 'user':
      return caller.roles.some((r) => rule.roles?.includes(r));
    case 'partner':
      return rule.partners;
    case 'device':
      return rule.devices;
    case 'scraper':
      return rule.scraper;
  }
}

function takes(rule: AccessRule): string {
  const kinds: string[] = [];
  if (rule.scraper) kinds.push('the scrape token');
  if (rule.partners) kinds.push("a partner's token");
  if (rule.devices) kinds.push("a device's token");
  return kinds.join(' or ');
}

/**
 * The one access decision, whatever the transport: the presented credential
 * is verified only by the verifiers of the kinds the endpoint admits (every
 * kind on a @Public one), so a credential of another kind is unknown there
 * (UNAUTHENTICATED: a partner's token on a person's route, a person's JWT on
 * a partner's RPC, any user token on a device's route). A verified caller the
 * rule does not admit (a JWT without the role) is FORBIDDEN, and so is
 * everyone on an endpoint that declares nothing: deny by default.
 */
@Injectable()
export class AccessPolicy {
  constructor(
    private readonly jwt: JwtVerifier,
    private readonly scrapeToken: ScrapeToken,
    @Optional() @Inject(PARTNER_CREDENTIALS) private readonly partners?: PartnerCredentials,
    @Optional() @Inject(DEVICE_CREDENTIALS) private readonly devices?: DeviceCredentials,
  ) {}

  /** The admitted caller (undefined: a @Public endpoint called without a credential), or a DomainError. */
  async admit(rule: AccessRule, authorization: string | undefined): Promise<Caller | undefined> {
    const caller = authorization === undefined ? undefined : await this.verify(rule, authorization);
    if (rule.public) return caller;
    if (!caller) throw new DomainError('UNAUTHENTICATED', 'this endpoint needs a credential: authorization: Bearer <token>');
    if (!isDeclared(rule)) throw DomainError.forbidden('this endpoint declares no access rule');
    if (!admits(rule, caller))
      throw DomainError.forbidden(caller.kind === 'user' ? `needs one of the roles: ${(rule.roles ?? []).join(', ')}` : `not for ${caller.kind}s`);
    return caller;
  }

  private async verify(rule: AccessRule, authorization: string): Promise<Caller> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (token === undefined) throw new DomainError('UNAUTHENTICATED', 'authorization must be "Bearer <token>"');
    // The digests first: constant time and in memory; a JWT is verified last, and only where people are admitted.
    if (rule.scraper && this.scrapeToken.matches(token)) return { kind: 'scraper' };
    const partner = rule.public || rule.partners ? this.partners?.(token) : undefined;
    if (partner) return partner;
    const device = rule.public || rule.devices ? this.devices?.(token) : undefined;
    if (device) return device;
    // An undeclared endpoint still tells a person's bad JWT (401) from a good one (403), as it always did.
    if (!rule.public && rule.roles === undefined && isDeclared(rule)) {
      throw new DomainError('UNAUTHENTICATED', `unknown token: this endpoint takes ${takes(rule)}`);
    }
    try {
      return { kind: 'user', ...(await this.jwt.verify(token)) };
    } catch (error) {
      throw new DomainError('UNAUTHENTICATED', `invalid token: ${error instanceof InvalidTokenError ? error.message : 'unverifiable'}`);
    }
  }
}
