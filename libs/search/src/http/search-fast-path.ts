import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { accessRuleOf } from '@app/auth';
import { API_PREFIX } from '@app/platform';
import { RateLimiter, clientKey, rateLimitPolicyOf } from '@app/rate-limit';
import type { FastifyInstance } from 'fastify';
import { searchInstrumentsInput } from '../use-cases/search-instruments.input';
import { SearchResponseCache } from './search-response-cache';
import { SearchController } from './search.controller';

const SEARCH_ROUTE = `/${API_PREFIX}/instruments`;

/**
 * Anonymous searches, answered before Nest's router, guards, interceptors
 * and pipes: at 100 concurrent connections that pipeline, not the engine,
 * set the latency of repeated questions, and it was a tenth of a new
 * question's CPU (docs/benchmarks.md). A request with credentials takes the
 * normal path (a unit member also finds the unit's own excluded instruments).
 *
 * The hook does what that pipeline does for an anonymous caller, in its
 * order, from the controller's own declarations read once at start: the
 * access rule (only while the route is @Public: an anonymous caller is then
 * admitted without a credential), the client's count against the route's
 * @RateLimit policy (refused before any work is done for it), the query
 * checked by the use-case's contract (the same `parseQuery` as @QueryInput),
 * then the answer. Its errors are DomainErrors, which Fastify hands to Nest's
 * exception layer and so to the same problem-document filter. A repeat,
 * byte-for-byte equal to a request already validated and answered, skips
 * the validation (from the kept answer while it may be served, else computed
 * again from the validated input).
 */
@Injectable()
export class SearchFastPath implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly responses: SearchResponseCache,
    private readonly reflector: Reflector,
    @Optional() private readonly limiter?: RateLimiter,
  ) {}

  onModuleInit(): void {
    // Workers compose the search module without an HTTP server.
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify?.addHook) return;
    const handler = SearchController.prototype.find;
    if (!accessRuleOf(this.reflector, handler, SearchController).public) return;
    const policy = rateLimitPolicyOf(this.reflector, handler);
    fastify.addHook('onRequest', async (req, reply) => {
      if (req.method !== 'GET' || req.routeOptions.url !== SEARCH_ROUTE || req.headers.authorization !== undefined) return;
      if (policy) await this.limiter?.consume(policy, clientKey(req));
      // A repeat skips the validation; should its kept input be gone meanwhile (evicted by other
      // questions) it is answered here from the query checked again, never passed on to Nest,
      // whose interceptor would count the same request a second time.
      const repeated = this.responses.isRepeat(req.url) ? await this.responses.repeat(req.url).catch(() => undefined) : undefined;
      const body = repeated ?? (await this.responses.respond(searchInstrumentsInput.parseQuery(req.query), undefined, req.url));
      return reply.type('application/json; charset=utf-8').send(body);
    });
  }
}
