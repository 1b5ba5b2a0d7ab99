import { CanActivate, ExecutionContext, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ApplicationConfig, Reflector } from '@nestjs/core';
import { rateLimitPolicyOf } from './rate-limit.decorator';
import { RateLimiter, type RateLimitPolicy } from './rate-limiter';

/** The caller the auth guard admitted (@app/auth's `Caller`), as far as counting needs it. */
type CountedCaller = { kind: 'user'; sub: string } | { kind: 'device'; id: string } | { kind: 'partner'; partnerId: string } | { kind: 'scraper' };

/**
 * The client a request is counted against: the caller the auth guard admitted (a token's
 * subject, a device such as an IoT gateway, a partner), else its address (behind TRUST_PROXY,
 * the forwarded one).
 */
export function clientKey(req: { ip: string; caller?: CountedCaller }): string {
  const caller = req.caller;
  switch (caller?.kind) {
    case 'user':
      return `sub:${caller.sub}`;
    case 'device':
      return `device:${caller.id}`;
    case 'partner':
      return `partner:${caller.partnerId}`;
    default:
      return `ip:${req.ip}`;
  }
}

/**
 * A global guard that runs after every other one, so the auth guard has already put the caller on
 * the request (checked at boot: Nest runs global guards in the order they were registered). It was
 * an interceptor, which runs after every guard by definition; but any interceptor makes Nest run its
 * rxjs chain and two `AsyncResource.bind` on every HTTP request, and it was the only one there
 * (docs/benchmarks.md, bench:booking). No controller declares guards of its own, so after the
 * global ones is after all of them, as before: before pipes and the handler, so a refused body
 * still counts.
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnApplicationBootstrap {
  /** Each handler's policy (null: not limited), read from its decorator at its first call rather than at every one. */
  private readonly policies = new WeakMap<object, RateLimitPolicy | null>();

  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    private readonly app: ApplicationConfig,
  ) {}

  onApplicationBootstrap(): void {
    const guards = this.app.getGlobalGuards();
    if (guards.indexOf(this) !== guards.length - 1) {
      throw new Error('the rate-limit guard must be the last global guard: it counts the caller the auth guard admitted');
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const handler = context.getHandler();
    let policy = this.policies.get(handler);
    if (policy === undefined) this.policies.set(handler, (policy = rateLimitPolicyOf(this.reflector, handler) ?? null));
    if (policy) await this.limiter.consume(policy, clientKey(context.switchToHttp().getRequest()));
    return true;
  }
}
