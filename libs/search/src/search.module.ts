import { Global, Module } from '@nestjs/common';
import { CATALOG_CHANGES, CatalogCoreModule, INSTRUMENT_SEARCH } from '@app/catalog';
import { SearchFastPath } from './http/search-fast-path';
import { SearchResponseCache } from './http/search-response-cache';
import { SearchController } from './http/search.controller';
import { CatalogIndex } from './indexing/catalog-index.service';
import { SearchMetrics } from './indexing/search.metrics';
import { SearchInstrumentsUseCase } from './use-cases/search-instruments.usecase';

/**
 * Search over HTTP from this replica's index. CATALOG_CHANGES is provided
 * here, so in a process that searches, the catalog's and federation's writes
 * make the index catch up at once (global, so the catalog does not depend on
 * search).
 */
@Global()
@Module({
  // The index reads its feed through the catalog's InstrumentFeedUseCase.
  imports: [CatalogCoreModule],
  providers: [
    CatalogIndex,
    SearchInstrumentsUseCase,
    SearchResponseCache,
    SearchMetrics,
    SearchFastPath,
    { provide: CATALOG_CHANGES, useExisting: CatalogIndex },
    { provide: INSTRUMENT_SEARCH, useExisting: SearchInstrumentsUseCase },
  ],
  controllers: [SearchController],
  exports: [CATALOG_CHANGES, INSTRUMENT_SEARCH, CatalogIndex],
})
export class SearchModule {}
