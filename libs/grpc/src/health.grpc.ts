import { EventEmitter } from 'node:events';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  HealthCheckResponse_ServingStatus as ServingStatus,
  HealthControllerMethods,
  HealthService,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from '@app/contracts';
import { Public } from '@app/auth';
import { DomainError } from '@app/common';
import { DATABASE, type Database } from '@app/persistence';
import { QueueService } from '@app/queue';
import { GrpcStatusError } from './grpc-errors';
import { GRPC_SERVER_OPTIONS, type GrpcLimits, type GrpcServerOptions } from './grpc-server';
import { GrpcService, type GrpcCallContext } from './grpc-service.decorator';
import { GrpcContext, GrpcRequest } from './nest/grpc-call-context';

// Every service of the contract the gateway serves: a partner's balancer that checks one by name must not see NOT_FOUND for it.
const KNOWN_SERVICES = new Set([
  '',
  'grpc.health.v1.Health',
  ...['CatalogService', 'BookingService', 'UsageService', 'IndicatorService'].map((s) => `yrd.federation.v1.${s}`),
]);

/**
 * grpc.health.v1.Health: SERVING when the database and the queue answer, like /health/ready.
 *
 * Health is unauthenticated, so it never touches the database per call: one
 * probe per interval, whatever the number of Check calls and Watch streams,
 * refreshes an in-memory status that they all read; watchers are capped.
 */
@Injectable()
@GrpcService(HealthService)
@Public()
@HealthControllerMethods()
export class HealthGrpc implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly limits: GrpcLimits;
  private status = ServingStatus.UNKNOWN;
  private readonly changes = new EventEmitter();
  private timer?: NodeJS.Timeout;
  private watchers = 0;
  private refreshing = false;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly queues: QueueService,
    @Inject(GRPC_SERVER_OPTIONS) options: GrpcServerOptions,
  ) {
    this.limits = options.limits;
    this.changes.setMaxListeners(0);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.limits.healthIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async check(@GrpcRequest() request: HealthCheckRequest): Promise<HealthCheckResponse> {
    this.assertKnown(request.service);
    return { status: this.status };
  }

  async *watch(@GrpcRequest() request: HealthCheckRequest, @GrpcContext() context: GrpcCallContext): AsyncIterable<HealthCheckResponse> {
    this.assertKnown(request.service);
    if (this.watchers >= this.limits.maxHealthWatchers) {
      throw new GrpcStatusError(GrpcStatus.RESOURCE_EXHAUSTED, `at most ${this.limits.maxHealthWatchers} health watchers at once; retry later or use Check`);
    }
    this.watchers += 1;
    try {
      let last: ServingStatus | undefined;
      while (!context.signal.aborted) {
        if (this.status !== last) {
          last = this.status;
          yield { status: last };
        }
        await new Promise<void>((resolve) => {
          const wake = () => {
            this.changes.off('change', wake);
            context.signal.removeEventListener('abort', wake);
            resolve();
          };
          this.changes.on('change', wake);
          context.signal.addEventListener('abort', wake);
        });
      }
    } finally {
      this.watchers -= 1;
    }
  }

  private assertKnown(service: string): void {
    if (!KNOWN_SERVICES.has(service)) throw new DomainError('NOT_FOUND', `unknown service ${service}`);
  }

  private async refresh(): Promise<void> {
    // A probe slower than the interval is not doubled up.
    if (this.refreshing) return;
    this.refreshing = true;
    const [database, queue] = await Promise.all([this.database.ping().catch(() => false), this.queues.ping().catch(() => false)]).finally(
      () => (this.refreshing = false),
    );
    const next = database && queue ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    if (next === this.status) return;
    this.status = next;
    this.changes.emit('change');
  }
}
