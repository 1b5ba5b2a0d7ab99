import { Injectable } from '@nestjs/common';
import { JobHandler } from '@app/queue';
import { RollupUsageUseCase } from '../use-cases/rollup-usage.usecase';
import { USAGE_QUEUE } from './usage.queue';

@Injectable()
export class RollupUsageJob {
  constructor(private readonly rollup: RollupUsageUseCase) {}

  @JobHandler(USAGE_QUEUE, 'rollup')
  async handle() {
    return { rolledUp: await this.rollup.execute() };
  }

  @JobHandler(USAGE_QUEUE, 'rebuild')
  async rebuild(payload: { from?: string; to?: string }) {
    return { rolledUp: await this.rollup.rebuild(payload.from, payload.to) };
  }
}
