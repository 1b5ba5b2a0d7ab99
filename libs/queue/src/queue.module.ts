import { DynamicModule, Global, Module, type FactoryProvider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { QueueDefinition } from './job-definitions';
import { QUEUE_DEFINITIONS, QUEUE_MODULE_OPTIONS, QueueService, type QueueModuleOptions } from './queue.service';

@Global()
@Module({})
export class QueueModule {
  static forRoot(options: {
    queues: QueueDefinition[];
    useFactory: (...deps: any[]) => QueueModuleOptions | Promise<QueueModuleOptions>;
    inject?: FactoryProvider['inject'];
  }): DynamicModule {
    return {
      module: QueueModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: QUEUE_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        { provide: QUEUE_DEFINITIONS, useValue: options.queues },
        QueueService,
      ],
      exports: [QueueService],
    };
  }
}
