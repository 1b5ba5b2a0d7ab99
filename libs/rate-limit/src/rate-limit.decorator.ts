import { SetMetadata, applyDecorators } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { ApiResponse } from '@nestjs/swagger';
import type { RateLimitPolicy } from './rate-limiter';

export const RATE_LIMIT_POLICY = Symbol('RATE_LIMIT_POLICY');

/** OpenAPI: every limited route answers this; the document keeps one shared definition (`#/components/responses/TooManyRequests`). */
export const TOO_MANY_REQUESTS = 'Too many requests from this client in the current window (RATE_LIMIT_*): problem+json with `Retry-After` seconds';

/**
 * Counts each call of the route against `policy`, per client: the token's
 * subject when signed in, else the client address. Over the limit: 429.
 */
export function RateLimit(policy: RateLimitPolicy): MethodDecorator {
  return applyDecorators(SetMetadata(RATE_LIMIT_POLICY, policy), ApiResponse({ status: 429, description: TOO_MANY_REQUESTS }));
}

/** The policy a handler's @RateLimit names, if any: read by the interceptor and by the search hook that stands in for it. */
export function rateLimitPolicyOf(reflector: Reflector, handler: object): RateLimitPolicy | undefined {
  return reflector.get<RateLimitPolicy | undefined>(RATE_LIMIT_POLICY, handler as () => unknown);
}
