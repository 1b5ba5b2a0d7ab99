import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { KYSELY, type Db } from '@app/persistence';
import { PostgresRateLimitStore } from './postgres-rate-limit.store';
import { RATE_LIMIT_STORE, type RateLimitStore } from './rate-limit.store';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiter } from './rate-limiter';
import { RedisRateLimitStore } from './redis-rate-limit.store';

/** The store every replica shares: Redis when REDIS_URL is set, else the PostgreSQL the replicas already share. */
export function openRateLimitStore(config: Pick<AppConfig, 'redisUrl' | 'queuePrefix'>, db: Db): RateLimitStore {
  return config.redisUrl ? new RedisRateLimitStore(config.redisUrl, `${config.queuePrefix}:ratelimit:`) : new PostgresRateLimitStore(db);
}

/** Limits for `@RateLimit` routes; partners' gRPC calls through `partnerCallLimit`. */
@Global()
@Module({
  providers: [
    { provide: RATE_LIMIT_STORE, useFactory: openRateLimitStore, inject: [APP_CONFIG, KYSELY] },
    RateLimiter,
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [RateLimiter],
})
export class RateLimitModule {}

/** For the gRPC server's admission hook: every call of an authenticated partner counts against its platform's budget. */
export function partnerCallLimit(limiter: RateLimiter): (caller: { partnerId: string }, method: string) => Promise<void> {
  return (caller) => limiter.consume('partner', `partner:${caller.partnerId}`);
}
