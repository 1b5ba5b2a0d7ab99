import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The static bearer token of a metrics scraper (METRICS_TOKEN). Compared as
 * SHA-256 digests in constant time, so neither its content nor its length
 * leaks through response timing.
 */
export class ScrapeToken {
  private readonly digest?: Buffer;

  constructor(token?: string) {
    this.digest = token ? sha256(token) : undefined;
  }

  matches(candidate: string): boolean {
    return this.digest !== undefined && timingSafeEqual(this.digest, sha256(candidate));
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
