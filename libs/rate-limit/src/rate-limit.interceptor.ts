import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
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
 * An interceptor, not a guard: interceptors run after every guard, so the
 * auth guard has already put the caller on the request.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  /** Each handler's policy (null: not limited), read from its decorator at its first call rather than at every one. */
  private readonly policies = new WeakMap<object, RateLimitPolicy | null>();

  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const handler = context.getHandler();
    let policy = this.policies.get(handler);
    if (policy === undefined) this.policies.set(handler, (policy = rateLimitPolicyOf(this.reflector, handler) ?? null));
    if (policy) await this.limiter.consume(policy, clientKey(context.switchToHttp().getRequest()));
    return next.handle();
  }
}
