import { Injectable } from '@nestjs/common';
import { JobHandler } from '@app/queue';
import { FEDERATION_QUEUE } from '../jobs/federation.queue';
import { PushProvinceUseCase } from './push-province.usecase';

@Injectable()
export class PushProvinceJob {
  constructor(private readonly push: PushProvinceUseCase) {}

  /** Failures are recorded on the source (status, circuit); the next scheduled run retries from the push cursor. */
  @JobHandler(FEDERATION_QUEUE, 'push')
  async handle(payload: { sourceId: string }) {
    return { outcome: await this.push.execute(payload.sourceId) };
  }
}
