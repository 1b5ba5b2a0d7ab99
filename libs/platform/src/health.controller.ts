import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { DATABASE, type Database } from '@app/persistence';
import { QueueService } from '@app/queue';
import type { FastifyReply } from 'fastify';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly queues: QueueService,
  ) {}

  /** The process is up; says nothing about dependencies (a liveness probe must not restart us for a DB outage). */
  @Public()
  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Take traffic only when the database and the queue answer. */
  @Public()
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: FastifyReply) {
    const [database, queue] = await Promise.all([this.database.ping(), this.queues.ping()]);
    const ok = database && queue;
    res.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'unavailable',
      checks: {
        database: { status: database ? 'ok' : 'down', mode: this.database.mode },
        queue: { status: queue ? 'ok' : 'down', backend: this.queues.backendKind },
      },
    };
  }
}
