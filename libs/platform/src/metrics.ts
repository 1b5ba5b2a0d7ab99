import { Controller, Get, Header, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AcceptsScrapeToken, Roles } from '@app/auth';
import { RateLimit } from '@app/rate-limit';
import { QueueService } from '@app/queue';
import { clusterAwareMetrics } from './process-cluster';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per app instance, so tests can boot several apps in one process. */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** `/metrics` text: this process's registry, or the sum over the gateway's processes under GATEWAY_PROCESSES. */
  readonly text = clusterAwareMetrics(this.registry);

  constructor(@Optional() private readonly queues?: QueueService) {}

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry });
    const queues = this.queues;
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      // Every process reads the same queues: one reading, not their sum.
      aggregator: 'first',
      async collect() {
        if (!queues) return;
        const depths = await queues.depths().catch(() => []);
        for (const d of depths) {
          for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) this.set({ queue: d.queue, state }, d[state]);
        }
      },
    });
  }

  /** onResponse hook: label by route template, never by raw URL (bounded cardinality). */
  observe(req: FastifyRequest, reply: FastifyReply): void {
    this.httpDuration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  }
}

/**
 * Operational figures are not public: they describe the deployment, and a count
 * that moved with hidden instruments would disclose them. An admin's token or
 * the scraper's METRICS_TOKEN.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Roles('admin')
  @AcceptsScrapeToken()
  @RateLimit('metrics')
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.text();
  }
}
