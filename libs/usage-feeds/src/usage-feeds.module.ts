import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { BookingCoreModule } from '@app/booking';
import { CatalogCoreModule } from '@app/catalog';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { UsageCoreModule } from '@app/usage';
import { UsageGrpc } from './grpc/usage.grpc';
import { UsageFeedsController } from './http/usage-feeds.controller';
import { UsageFeedRepository } from './infrastructure/usage-feed.repository';
import { PullUsageFeedJob } from './jobs/pull-usage-feed.job';
import { ListUsageFeedsUseCase } from './use-cases/list-usage-feeds.usecase';
import { PullUsageFeedUseCase, feedSourceOf } from './use-cases/pull-usage-feed.usecase';
import { ServeUsageUseCase } from './use-cases/serve-usage.usecase';

/** The feeds' use-cases and storage, without transport; every configured partner has its position row before any pull. */
@Module({
  imports: [CatalogCoreModule, BookingCoreModule, UsageCoreModule],
  providers: [UsageFeedRepository, PullUsageFeedUseCase, ServeUsageUseCase, ListUsageFeedsUseCase],
  exports: [PullUsageFeedUseCase, ServeUsageUseCase, ListUsageFeedsUseCase],
})
export class UsageFeedsCoreModule implements OnApplicationBootstrap {
  constructor(
    private readonly feeds: UsageFeedRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.feeds.register(this.config.partners.flatMap((p) => (feedSourceOf(p) ? [{ source: feedSourceOf(p)!, region: p.region }] : [])));
  }
}

/** UsageService for partners (gRPC) and the feeds' health (HTTP): the gateway. */
@Module({
  imports: [UsageFeedsCoreModule],
  controllers: [UsageFeedsController, UsageGrpc],
})
export class UsageFeedsModule {}

/** The pull job; registered wherever the usage-feeds queue is consumed or declared. */
@Module({
  imports: [UsageFeedsCoreModule],
  providers: [PullUsageFeedJob],
})
export class UsageFeedsJobsModule {}
