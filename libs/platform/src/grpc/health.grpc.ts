import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod, RpcException } from '@nestjs/microservices';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { DATABASE, type Database } from '@app/persistence';
import { QueueService } from '@app/queue';
import { Observable, distinctUntilChanged, from, interval, startWith, switchMap } from 'rxjs';

type ServingStatus = 'SERVING' | 'NOT_SERVING';

/** Services this process answers health for; '' is the server as a whole. */
const KNOWN_SERVICES = new Set(['', 'grpc.health.v1.Health']);
const WATCH_INTERVAL_MS = 2_000;

/** grpc.health.v1.Health: SERVING when the database and the queue answer, like /health/ready. */
@Controller()
export class HealthGrpcController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly queues: QueueService,
  ) {}

  @GrpcMethod('Health', 'Check')
  async check(request: { service?: string }): Promise<{ status: ServingStatus }> {
    this.assertKnown(request.service ?? '');
    return { status: await this.current() };
  }

  @GrpcMethod('Health', 'Watch')
  watch(request: { service?: string }): Observable<{ status: ServingStatus }> {
    this.assertKnown(request.service ?? '');
    return interval(WATCH_INTERVAL_MS).pipe(
      startWith(0),
      switchMap(() => from(this.current().then((status) => ({ status })))),
      distinctUntilChanged((a, b) => a.status === b.status),
    );
  }

  private assertKnown(service: string): void {
    if (!KNOWN_SERVICES.has(service)) throw new RpcException({ code: GrpcStatus.NOT_FOUND, message: `unknown service ${service}` });
  }

  private async current(): Promise<ServingStatus> {
    const [database, queue] = await Promise.all([this.database.ping(), this.queues.ping()]);
    return database && queue ? 'SERVING' : 'NOT_SERVING';
  }
}
