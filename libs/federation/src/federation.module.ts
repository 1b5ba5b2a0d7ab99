import { Global, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { PARTNER_CREDENTIALS, type PartnerCredentials } from '@app/auth';
import { CATALOG_SOURCES, CatalogCoreModule } from '@app/catalog';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { partnerAuthenticator } from './auth/partner-tokens';
import { FederationMetrics } from './federation.metrics';
import { CatalogGrpc } from './grpc/catalog.grpc';
import { SourcesController } from './http/sources.controller';
import { SourceStateRepository } from './infrastructure/source-state.repository';
import { SyncBookkeepingRepository } from './infrastructure/sync-bookkeeping.repository';
import { PullSourceJob } from './jobs/pull-source.job';
import { ProvinceClients } from './province/province-clients';
import { OpenApiPullStrategy } from './province/openapi-pull.strategy';
import { OpenApiPushStrategy } from './province/openapi-push.strategy';
import { PushProvinceJob } from './province/push-province.job';
import { PushProvinceUseCase } from './province/push-province.usecase';
import { AcceptPushedChangesUseCase } from './use-cases/accept-pushed-changes.usecase';
import { ListLocalChangesUseCase } from './use-cases/list-local-changes.usecase';
import { ListSourcesUseCase } from './use-cases/list-sources.usecase';
import { PullSourceUseCase } from './use-cases/pull-source.usecase';
import { ServeInstrumentUseCase } from './use-cases/serve-instrument.usecase';
import { GrpcPullStrategy } from './sync/grpc-pull.strategy';
import { SourceRunner } from './sync/source-runner';
import { SyncStore } from './sync/sync-store';

/** Partners' inbound tokens → who they are (digests only, compared in constant time), for @app/auth's guard. */
const partnerCredentials = {
  provide: PARTNER_CREDENTIALS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): PartnerCredentials => partnerAuthenticator(config.partners),
};

/** Global so the catalog's listing finds CATALOG_SOURCES, and the auth guard PARTNER_CREDENTIALS, without depending on this lib. */
@Global()
@Module({
  imports: [CatalogCoreModule],
  providers: [
    SourceStateRepository,
    SyncBookkeepingRepository,
    SyncStore,
    SourceRunner,
    GrpcPullStrategy,
    OpenApiPullStrategy,
    OpenApiPushStrategy,
    ListLocalChangesUseCase,
    AcceptPushedChangesUseCase,
    ServeInstrumentUseCase,
    PullSourceUseCase,
    ListSourcesUseCase,
    PullSourceJob,
    ProvinceClients,
    PushProvinceUseCase,
    PushProvinceJob,
    FederationMetrics,
    { provide: CATALOG_SOURCES, useExisting: ListSourcesUseCase },
    partnerCredentials,
  ],
  controllers: [SourcesController, CatalogGrpc],
  exports: [ListSourcesUseCase, PullSourceUseCase, CATALOG_SOURCES, PARTNER_CREDENTIALS],
})
export class FederationModule implements OnApplicationBootstrap {
  constructor(
    private readonly federation: SourceStateRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The partners file is the list of sources; their state rows exist before any pull. */
  async onApplicationBootstrap(): Promise<void> {
    await this.federation.registerSources(this.config.partners);
  }
}
