import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { JobHandler, PermanentJobError, QueueModule, QueueService, defineQueue, job, type JobContext } from '@app/queue';
import { openQueueBackend, queueBackends } from '../support/queue-backends';

const DEMO_QUEUE = defineQueue('demo', {
  greet: job<{ to: string }>({ jobId: (p) => `greet-${p.to}` }),
  explode: job<{ permanent: boolean }>(),
});

@Injectable()
class DemoHandlers {
  readonly greeted: string[] = [];
  readonly explodeAttempts: number[] = [];

  @JobHandler(DEMO_QUEUE, 'greet')
  async greet(payload: { to: string }): Promise<void> {
    this.greeted.push(payload.to);
  }

  @JobHandler(DEMO_QUEUE, 'explode')
  async explode(payload: { permanent: boolean }, ctx: JobContext): Promise<void> {
    this.explodeAttempts.push(ctx.attempt);
    if (payload.permanent) throw new PermanentJobError('cannot ever work');
  }
}

@Injectable()
class SecondGreeter {
  @JobHandler(DEMO_QUEUE, 'greet')
  async greet(): Promise<void> {}
}

@Injectable()
class OnlyGreets {
  @JobHandler(DEMO_QUEUE, 'greet')
  async greet(): Promise<void> {}
}

describe.each(queueBackends())('queue on %s', (backend) => {
  let context: Awaited<ReturnType<typeof openQueueBackend>>;

  beforeAll(async () => {
    context = await openQueueBackend(backend);
  }, 60_000);
  afterAll(async () => context?.database.dispose());

  async function boot(providers: any[]) {
    @Module({ providers })
    class HandlersModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [QueueModule.forRoot({ queues: [DEMO_QUEUE], useFactory: () => context.options }), HandlersModule],
    })
      .setLogger({ log() {}, error() {}, warn() {} })
      .compile();
    // Queues need no HTTP server: the testing module is the application context.
    await moduleRef.init();
    return moduleRef;
  }

  it('runs each job once per business id, however often it is enqueued', async () => {
    const app = await boot([DemoHandlers]);
    try {
      const queue = app.get(QueueService);
      for (const to of ['jiaxing', 'shanghai', 'jiaxing', 'anhui', 'shanghai']) await queue.add(DEMO_QUEUE, 'greet', { to });
      await queue.drained(DEMO_QUEUE);
      expect(app.get(DemoHandlers).greeted.sort()).toEqual(['anhui', 'jiaxing', 'shanghai']);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('ensure() runs a finished job again, and leaves a queued one alone (sweepers re-enqueue from the database)', async () => {
    const app = await boot([DemoHandlers]);
    try {
      const queue = app.get(QueueService);
      await queue.add(DEMO_QUEUE, 'greet', { to: 'hefei' });
      await queue.drained(DEMO_QUEUE);
      // An add() with the same id is dropped while the finished job is kept…
      await queue.add(DEMO_QUEUE, 'greet', { to: 'hefei' });
      await queue.drained(DEMO_QUEUE);
      expect(app.get(DemoHandlers).greeted.filter((t) => t === 'hefei')).toEqual(['hefei']);
      // …ensure() replaces it, so the work runs again.
      expect(await queue.ensure(DEMO_QUEUE, 'greet', { to: 'hefei' })).toBe('added');
      await queue.drained(DEMO_QUEUE);
      expect(app.get(DemoHandlers).greeted.filter((t) => t === 'hefei')).toEqual(['hefei', 'hefei']);
      // A job that is still waiting is not duplicated.
      await queue.add(DEMO_QUEUE, 'greet', { to: 'wuhu' }, { delay: 1_000 });
      expect(await queue.ensure(DEMO_QUEUE, 'greet', { to: 'wuhu' })).toBe('present');
      for (let i = 0; i < 100 && !app.get(DemoHandlers).greeted.includes('wuhu'); i++) await new Promise((r) => setTimeout(r, 100));
      await queue.drained(DEMO_QUEUE);
      expect(app.get(DemoHandlers).greeted.filter((t) => t === 'wuhu')).toEqual(['wuhu']);
      // A job without a stable id cannot be ensured.
      await expect(queue.ensure(DEMO_QUEUE, 'explode', { permanent: false })).rejects.toThrow('has no stable job id');
    } finally {
      await app.close();
    }
  }, 60_000);

  it('still runs new jobs promptly while a far-future scheduled run is pending', async () => {
    const app = await boot([DemoHandlers]);
    try {
      const queue = app.get(QueueService);
      // A yearly schedule: its next run is a delayed job months away, which a
      // worker must not sleep until.
      await queue.schedule(DEMO_QUEUE, 'greet', { to: 'new-year' }, { cron: '0 0 1 1 *' });
      await new Promise((r) => setTimeout(r, 300));
      await queue.add(DEMO_QUEUE, 'greet', { to: 'now' });
      await queue.drained(DEMO_QUEUE, 20_000);
      expect(app.get(DemoHandlers).greeted).toContain('now');
      expect(app.get(DemoHandlers).greeted).not.toContain('new-year');
    } finally {
      await app.close();
    }
  }, 60_000);

  it('puts back a schedule the queue backend lost (Redis restarted empty), so the sweepers keep running', async () => {
    if (backend !== 'redis') return expect(backend).toMatch(/^postgres-backend/); // PostgreSQL keeps its rows across a restart
    const app = await boot([DemoHandlers]);
    try {
      const queue = app.get(QueueService);
      await queue.schedule(DEMO_QUEUE, 'greet', { to: 'new-year' }, { cron: '0 0 1 1 *' }, 'kept');
      // What a Redis restarted without its data does to it (the other keys of this test stay put).
      const bull = (queue as unknown as { queues: Map<string, import('bullmq').Queue> }).queues.get('demo')!;
      await bull.removeJobScheduler('demo:greet:kept');
      expect(await bull.getJobScheduler('demo:greet:kept')).toBeUndefined();
      let back: unknown;
      for (let i = 0; i < 60 && !back; i++) {
        await new Promise((r) => setTimeout(r, 500));
        back = await bull.getJobScheduler('demo:greet:kept');
      }
      expect(back).toMatchObject({ key: 'demo:greet:kept', pattern: '0 0 1 1 *' });
    } finally {
      await app.close();
    }
  }, 60_000);

  it('does not retry a permanent failure', async () => {
    const app = await boot([DemoHandlers]);
    try {
      const queue = app.get(QueueService);
      await queue.add(DEMO_QUEUE, 'explode', { permanent: true });
      await queue.drained(DEMO_QUEUE);
      expect(app.get(DemoHandlers).explodeAttempts).toEqual([1]);
      const depths = await queue.depths();
      expect(depths.find((d) => d.queue === 'demo')?.failed).toBeGreaterThanOrEqual(1);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('refuses to start when a declared job has no handler', async () => {
    await expect(boot([OnlyGreets])).rejects.toThrow('jobs without a handler: demo/explode');
  }, 60_000);

  it('refuses to start when a job has two handlers', async () => {
    await expect(boot([DemoHandlers, SecondGreeter])).rejects.toThrow('job demo/greet has two handlers');
  }, 60_000);
});
