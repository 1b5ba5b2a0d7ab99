import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { API_PREFIX } from '@app/platform';
import { RateLimiter, clientKey } from '@app/rate-limit';
import type { FastifyInstance } from 'fastify';
import { SearchResponseCache } from './search-response-cache';

const SEARCH_ROUTE = `/${API_PREFIX}/instruments`;

/**
 * Repeats of an anonymous search, answered before Nest's router, guards and
 * pipes: most search traffic is the same public queries again, and at 100
 * concurrent connections that pipeline, not the engine, sets the latency
 * (docs/benchmarks.md). Only a request byte-for-byte equal to one the
 * controller already validated and answered is served here (from the kept
 * answer while it may be served, else computed again from the validated
 * input); anything with credentials, or new, takes the normal path.
 */
@Injectable()
export class SearchFastPath implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly responses: SearchResponseCache,
    @Optional() private readonly limiter?: RateLimiter,
  ) {}

  onModuleInit(): void {
    // Workers compose the search module without an HTTP server.
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify?.addHook) return;
    fastify.addHook('onRequest', async (req, reply) => {
      if (req.method !== 'GET' || req.routeOptions.url !== SEARCH_ROUTE || req.headers.authorization !== undefined) return;
      // Only a repeat is answered here; it counts against the client's search budget like any search
      // (RATE_LIMIT_SEARCH), and a client over it is refused before any work is done for it.
      if (!this.responses.isRepeat(req.url)) return;
      await this.limiter?.consume('search', clientKey(req));
      // Should answering again fail, the normal path answers, with its own error mapping.
      const body = await this.responses.repeat(req.url).catch(() => undefined);
      if (!body) return;
      return reply.type('application/json; charset=utf-8').send(body);
    });
  }
}
