import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { RATE_LIMIT_POLICY } from './rate-limit.decorator';
import { RateLimiter, type RateLimitPolicy } from './rate-limiter';

/**
 * The client a request is counted against: its token's subject, else the device its own guard
 * authenticated (an IoT gateway), else its address (behind TRUST_PROXY, the forwarded one).
 */
export function clientKey(req: { ip: string; principal?: { sub?: string }; device?: { id: string } }): string {
  if (req.principal?.sub) return `sub:${req.principal.sub}`;
  return req.device ? `device:${req.device.id}` : `ip:${req.ip}`;
}

/**
 * An interceptor, not a guard: interceptors run after every guard, so the
 * auth guard has already put the token's principal on the request.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const policy = this.reflector.get<RateLimitPolicy | undefined>(RATE_LIMIT_POLICY, context.getHandler());
    if (policy) await this.limiter.consume(policy, clientKey(context.switchToHttp().getRequest()));
    return next.handle();
  }
}
