import { Module } from '@nestjs/common';
import { CatalogCoreModule } from '@app/catalog';
import { DemoController } from './demo.controller';
import { MintDemoTokenUseCase } from './mint-demo-token.usecase';

/** The demo's sign-in: registered everywhere (so documented), answering only in `npm run demo`. */
@Module({ imports: [CatalogCoreModule], controllers: [DemoController], providers: [MintDemoTokenUseCase], exports: [MintDemoTokenUseCase] })
export class DemoModule {}
