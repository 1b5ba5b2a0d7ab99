import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { MetricsService } from '@app/platform';
import { Gauge } from 'prom-client';
import { CatalogIndex } from './catalog-index.service';

/** This replica's index as Prometheus metrics: how big, how long it took to build, how fresh. */
@Injectable()
export class SearchMetrics implements OnModuleInit {
  constructor(
    private readonly index: CatalogIndex,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  onModuleInit(): void {
    if (!this.metrics) return;
    const index = this.index;
    const registers = [this.metrics.registry];
    // Public ones only: with hidden ones counted, this minus the public search total would disclose them (Art. 2, 11).
    new Gauge({
      name: 'search_index_documents',
      help: "Publicly visible instruments in this replica's search index",
      registers,
      // Under GATEWAY_PROCESSES each process holds an index: the one furthest behind.
      aggregator: 'min',
      collect() {
        this.set(index.engine.publicSize);
      },
    });
    new Gauge({
      name: 'search_index_build_seconds',
      help: 'Time to build the index from PostgreSQL at start',
      registers,
      aggregator: 'max',
      collect() {
        this.set((index.snapshot().buildMs ?? 0) / 1000);
      },
    });
    new Gauge({
      name: 'search_index_follow_age_seconds',
      help: 'Seconds since the change feed was last read completely (stays near the follow interval when healthy)',
      registers,
      aggregator: 'max',
      collect() {
        const at = index.snapshot().followedAt;
        this.set(at ? (Date.now() - Date.parse(at)) / 1000 : -1);
      },
    });
  }
}
