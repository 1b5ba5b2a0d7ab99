import { Injectable } from '@nestjs/common';
import { JobHandler } from '@app/queue';
import { PullSourceUseCase } from '../use-cases/pull-source.usecase';
import { FEDERATION_QUEUE } from './federation.queue';

@Injectable()
export class PullSourceJob {
  constructor(private readonly pull: PullSourceUseCase) {}

  /** Failures are recorded on the source (status, circuit); the next scheduled run retries. */
  @JobHandler(FEDERATION_QUEUE, 'pull')
  async handle(payload: { sourceId: string }) {
    return { outcome: await this.pull.execute(payload.sourceId) };
  }
}
