import { DynamicModule, Module } from '@nestjs/common';
import { CATALOG_QUEUE, CatalogJobsModule } from '@app/catalog';
import type { AppConfig } from '@app/config';
import { infrastructureModules } from '@app/platform';

/** Queue consumers only, no HTTP: scaled separately from the gateway replicas. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [...infrastructureModules({ ...config, runWorkers: true }, [CATALOG_QUEUE]), CatalogJobsModule] };
  }
}
