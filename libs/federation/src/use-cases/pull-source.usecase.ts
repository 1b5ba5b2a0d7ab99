import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { OpenApiPullStrategy } from '../province/openapi-pull.strategy';
import { GrpcPullStrategy } from '../sync/grpc-pull.strategy';
import { SourceRunner } from '../sync/source-runner';
import type { PullOutcome, SyncStrategy } from '../sync/sync-strategy';

export type { PullOutcome } from '../sync/sync-strategy';

/**
 * One incremental pull of a partner's catalog, by its protocol: a YRD
 * partner's gRPC change stream, or the provincial platform's OpenAPI change
 * feed. A failure keeps what was committed, opens the circuit after repeated
 * failures, and the next scheduled pull resumes from there.
 */
@Injectable()
export class PullSourceUseCase {
  private readonly strategies: Record<string, SyncStrategy>;

  constructor(
    private readonly runner: SourceRunner,
    grpcPull: GrpcPullStrategy,
    openApiPull: OpenApiPullStrategy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.strategies = { grpc: grpcPull, openapi: openApiPull };
  }

  async execute(sourceId: string): Promise<PullOutcome> {
    const protocol = this.config.partners.find((p) => p.id === sourceId)?.protocol;
    const strategy = protocol === undefined ? undefined : this.strategies[protocol];
    return strategy ? this.runner.run(sourceId, strategy) : 'unknown_source';
  }
}
