import { Injectable } from '@nestjs/common';
import { JobHandler } from '@app/queue';
import { PullUsageFeedUseCase } from '../use-cases/pull-usage-feed.usecase';
import { USAGE_FEEDS_QUEUE } from './usage-feeds.queue';

@Injectable()
export class PullUsageFeedJob {
  constructor(private readonly pull: PullUsageFeedUseCase) {}

  /** Failures are recorded on the feed (last error); the next scheduled run resumes from the stored cursor. */
  @JobHandler(USAGE_FEEDS_QUEUE, 'pull')
  async handle(payload: { sourceId: string }) {
    return { outcome: await this.pull.execute(payload.sourceId) };
  }
}
