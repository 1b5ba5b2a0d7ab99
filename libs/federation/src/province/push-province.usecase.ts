import { Injectable } from '@nestjs/common';
import { SourceRunner } from '../sync/source-runner';
import type { PullOutcome } from '../sync/sync-strategy';
import { OpenApiPushStrategy } from './openapi-push.strategy';

/** One push of Jiaxing's shareable instruments to an OpenAPI partner (the province), from its push cursor. */
@Injectable()
export class PushProvinceUseCase {
  constructor(
    private readonly runner: SourceRunner,
    private readonly push: OpenApiPushStrategy,
  ) {}

  execute(sourceId: string): Promise<PullOutcome> {
    return this.runner.run(sourceId, this.push);
  }
}
