import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@app/common';
import { AccessPolicy, accessRuleOf, type AccessRule } from './access-policy';
import { authorizationOf, rememberCaller } from './credentials';

/**
 * The one authentication guard, for HTTP routes and gRPC handlers alike: the
 * credential read where the transport carries it, the endpoint's declared
 * rule checked by `AccessPolicy`, the caller left where `@CurrentCaller()`
 * (and, for people, `@CurrentPrincipal()`) finds it. Deny by default on both
 * transports; errors are DomainErrors, mapped to a status by each transport's
 * one filter.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * Each endpoint's rule by its class and handler, read from the decorators at its first call: they
   * are fixed once the app is built, and reading them is ten metadata look-ups a request otherwise.
   */
  private readonly rules = new WeakMap<object, WeakMap<object, AccessRule>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly policy: AccessPolicy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType();
    if (type !== 'http' && type !== 'rpc') throw DomainError.forbidden(`no access rule for ${type} calls`);
    const rule = this.ruleOf(context.getHandler(), context.getClass());
    const caller = await this.policy.admit(rule, authorizationOf(context));
    if (caller) rememberCaller(context, caller);
    return true;
  }

  private ruleOf(handler: object, controller: object): AccessRule {
    let byHandler = this.rules.get(controller);
    if (!byHandler) this.rules.set(controller, (byHandler = new WeakMap()));
    let rule = byHandler.get(handler);
    if (!rule) byHandler.set(handler, (rule = accessRuleOf(this.reflector, handler, controller)));
    return rule;
  }
}
