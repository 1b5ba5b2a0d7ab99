import IORedis from 'ioredis';
import type { RateLimitCount, RateLimitStore } from './rate-limit.store';

// Atomic on the server: read the window, restart it if it ended, count the hit.
// Time comes from the caller (ARGV[1]) so Redis and PostgreSQL count alike;
// the key's TTL only lets Redis forget idle clients.
const HIT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local hits = tonumber(redis.call('HGET', KEYS[1], 'h') or '0')
local resets = tonumber(redis.call('HGET', KEYS[1], 'r') or '0')
if resets <= now then
  hits = 0
  resets = now + window
end
hits = hits + 1
redis.call('HSET', KEYS[1], 'h', hits, 'r', resets)
redis.call('PEXPIRE', KEYS[1], resets - now + 1000)
return {hits, resets}
`;

/** The script as a command of its own: EVALSHA, so the script's text is sent once per connection, not with every hit. */
type WithHit = IORedis & { rateLimitHit(key: string, now: string, windowMs: string): Promise<[number, number]> };

/**
 * Counters in Redis (REDIS_URL set): one script call per hit. This lib may
 * import ioredis besides libs/queue (eslint.config.mjs says so): the queue's
 * connections block on BullMQ commands and retry for ever, which a request
 * path must not.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: WithHit;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // A request waits at most this long for the limiter; the limiter lets it through when Redis does not answer.
    // Auto-pipelining: the hits of every request answered in one turn of the event loop leave in one
    // write and come back in one read. Each round trip of its own cost the gateway a system call
    // each way, which under load was a large share of a booking's CPU (docs/benchmarks.md).
    const redis = new IORedis(url, {
      maxRetriesPerRequest: 1,
      commandTimeout: 1_000,
      enableOfflineQueue: true,
      lazyConnect: false,
      enableAutoPipelining: true,
    });
    redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT });
    this.redis = redis as WithHit;
    this.redis.on('error', () => {
      // Reconnects by itself; a failed hit is the limiter's to report.
    });
  }

  async hit(key: string, windowMs: number, now: Date): Promise<RateLimitCount> {
    const [hits, resets] = await this.redis.rateLimitHit(this.prefix + key, String(now.getTime()), String(windowMs));
    return { hits: Number(hits), resetsAt: new Date(Number(resets)) };
  }

  async sweep(): Promise<number> {
    // Keys expire on their own.
    return 0;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
