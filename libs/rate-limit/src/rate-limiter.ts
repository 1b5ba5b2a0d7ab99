import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Clock, DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { RATE_LIMIT_STORE, type RateLimitStore } from './rate-limit.store';

/** What is limited, each with its own budget per window (RATE_LIMIT_*). */
export type RateLimitPolicy = keyof AppConfig['limits']['perWindow'];

const WHAT: Record<RateLimitPolicy, string> = {
  search: 'searches and instrument look-ups',
  availability: 'availability questions',
  metrics: 'metrics scrapes',
  booking: 'booking requests',
  import: 'imports',
  review: 'purchase-review submissions',
  exemption: 'exemption requests and withdrawals',
  evaluation: 'evaluation computations',
  partner: 'calls from this partner platform',
  iot: 'power-event batches from this IoT gateway',
};

/**
 * Counts a client's requests per policy in a store every replica shares and
 * refuses the one over the limit with RATE_LIMITED (HTTP 429 with
 * Retry-After, gRPC RESOURCE_EXHAUSTED with `retry-after` metadata).
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('rate-limit');
  private sweeper?: NodeJS.Timeout;
  private lastFailureLogged = 0;

  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.store.sweep(this.clock.now()).catch(() => undefined), Math.max(this.config.limits.windowMs, 10_000));
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await this.store.close();
  }

  /** `client`: `ip:<address>`, `sub:<token subject>`, `device:<id>` or `partner:<id>`. */
  async consume(policy: RateLimitPolicy, client: string): Promise<void> {
    const limit = this.config.limits.perWindow[policy];
    if (limit === 0) return;
    const now = this.clock.now();
    let count;
    try {
      count = await this.store.hit(`${policy}:${client}`, this.config.limits.windowMs, now);
    } catch (error) {
      // A limiter that cannot count lets requests through: losing the store must not take the API down with it.
      if (now.getTime() - this.lastFailureLogged > 60_000) {
        this.lastFailureLogged = now.getTime();
        this.logger.warn(`rate-limit store unavailable, not limiting: ${error instanceof Error ? error.message : String(error)}`);
      }
      return;
    }
    if (count.hits <= limit) return;
    const windowSeconds = Math.round(this.config.limits.windowMs / 1000);
    const retryAfterSeconds = Math.max(1, Math.ceil((count.resetsAt.getTime() - now.getTime()) / 1000));
    throw new DomainError('RATE_LIMITED', `more than ${limit} ${WHAT[policy]} in ${windowSeconds} s from this client; retry after ${retryAfterSeconds} s`, {
      limit,
      windowSeconds,
      retryAfterSeconds,
    });
  }
}
