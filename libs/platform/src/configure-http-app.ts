import { randomUUID } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { noStoreDocuments } from './document-caching';
import { JsonLogger } from './json-logger';
import { MetricsService } from './metrics';
import { ProblemDetailsFilter, malformedBody, rawProblemResponse } from './problem-details.filter';
import { enterRequestContext, rejectControlCharacters, requestIdOf } from './request-context';
import { mountOpenApi } from './openapi';

/** Every API route lives under this prefix; health and metrics do not. */
export const API_PREFIX = 'api/v1';

export interface HttpAppOptions {
  bodyLimitBytes: number;
  logger: JsonLogger;
  /** Proxies (addresses, CIDRs) whose X-Forwarded-For names the client; none: the peer address is the client (rate limits count per client). */
  trustProxy?: string[];
}

/**
 * Fastify rather than Express: on this workload the framework's own cost is
 * what bounds latency at 100 connections (docs/benchmarks.md), and Fastify's
 * is a third of Express's.
 */
export function createHttpAdapter(options: HttpAppOptions): FastifyAdapter {
  const problems = new ProblemDetailsFilter(options.logger);
  return new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes,
    // Never `true`: anyone could then pick the address their requests are counted against.
    trustProxy: options.trustProxy && options.trustProxy.length > 0 ? options.trustProxy : false,
    genReqId: requestIdOf,
    // Node's own limit, which Fastify turns off: a client trickling a body cannot hold a socket for ever.
    requestTimeout: 300_000,
    // Long enough for any `<region>:<localId>` id; a longer one is a 404, not a crash. Paths match in any case, as they did.
    routerOptions: { maxParamLength: 500, ignoreTrailingSlash: true, caseSensitive: false },
    clientErrorHandler: (error: NodeJS.ErrnoException, socket) => {
      if (error.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
      socket.end(rawProblemResponse(error.code, randomUUID()));
    },
    // Errors Fastify raises before routing (a path that is not valid percent-encoding) leave as problem documents too.
    frameworkErrors: (error: Error, req: FastifyRequest, reply: FastifyReply) => problems.send(error, req, reply),
  });
}

/**
 * Everything an HTTP app needs before `init`, in one place so the gateway,
 * the tests and the benchmarks run exactly the same pipeline.
 */
export async function configureHttpApp(app: NestFastifyApplication, options: HttpAppOptions): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const metrics = app.get(MetricsService);
  fastify.addHook('onRequest', enterRequestContext);
  fastify.addHook('onRequest', rejectControlCharacters);
  fastify.addHook('onSend', noStoreDocuments);
  fastify.addHook('onResponse', (req, reply, done) => {
    metrics.observe(req, reply);
    if (options.logger.enabled('info')) {
      options.logger.event('info', 'request', {
        method: req.method,
        url: req.url,
        status: reply.statusCode,
        ms: reply.elapsedTime,
        sub: (req as { principal?: { sub?: string } }).principal?.sub,
      });
    }
    done();
  });
  // JSON bodies and spreadsheet uploads only: anything else is a 415.
  fastify.removeContentTypeParser('text/plain');
  // An empty body is no body (clients send Content-Type: application/json on a DELETE too), as it was before.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '') return done(null, undefined);
    // Fastify types a parser as possibly async; its default JSON parser answers through the callback.
    void parseJson(req, body as string, (error, value) => done(error ? malformedBody() : null, value));
  });
  // The size limit per file comes from the route (the import's own); these bound everything else in a
  // form. Two files, so that the route sees a second one and refuses it instead of never hearing of it.
  await app.register(fastifyMultipart as never, { limits: { files: 2, fields: 10, parts: 12 } });
  app.useGlobalFilters(new ProblemDetailsFilter(options.logger));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics'] });
  app.enableShutdownHooks();
  mountOpenApi(app);
}
