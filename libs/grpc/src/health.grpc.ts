import { Inject, Injectable } from '@nestjs/common';
import { HealthCheckResponse_ServingStatus as ServingStatus, HealthService, type HealthCheckRequest, type HealthCheckResponse } from '@app/contracts';
import { DomainError } from '@app/common';
import { DATABASE, type Database } from '@app/persistence';
import { QueueService } from '@app/queue';
import { GrpcService, type GrpcCallContext } from './grpc-service.decorator';

const KNOWN_SERVICES = new Set(['', 'grpc.health.v1.Health', 'yrd.federation.v1.CatalogService', 'yrd.federation.v1.BookingService']);
const WATCH_INTERVAL_MS = 2_000;

/** grpc.health.v1.Health: SERVING when the database and the queue answer, like /health/ready. */
@Injectable()
@GrpcService(HealthService, { auth: 'none' })
export class HealthGrpc {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly queues: QueueService,
  ) {}

  async check(request: HealthCheckRequest): Promise<HealthCheckResponse> {
    this.assertKnown(request.service);
    return { status: await this.current() };
  }

  async *watch(request: HealthCheckRequest, context: GrpcCallContext): AsyncIterable<HealthCheckResponse> {
    this.assertKnown(request.service);
    let last: ServingStatus | undefined;
    while (!context.signal.aborted) {
      const status = await this.current();
      if (status !== last) yield { status };
      last = status;
      await new Promise((resolve) => setTimeout(resolve, WATCH_INTERVAL_MS));
    }
  }

  private assertKnown(service: string): void {
    if (!KNOWN_SERVICES.has(service)) throw new DomainError('NOT_FOUND', `unknown service ${service}`);
  }

  private async current(): Promise<ServingStatus> {
    const [database, queue] = await Promise.all([this.database.ping(), this.queues.ping()]);
    return database && queue ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
  }
}
