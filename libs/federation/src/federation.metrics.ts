import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { MetricsService } from '@app/platform';
import { Gauge } from 'prom-client';
import { SourceStateRepository } from './infrastructure/source-state.repository';

/** Source health as Prometheus metrics, read from PostgreSQL at scrape time (so every replica agrees). */
@Injectable()
export class FederationMetrics implements OnModuleInit {
  constructor(
    private readonly federation: SourceStateRepository,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  onModuleInit(): void {
    if (!this.metrics) return;
    const federation = this.federation;
    const registers = [this.metrics.registry];
    const perSource = (name: string, help: string, pick: (row: Awaited<ReturnType<SourceStateRepository['sources']>>[number], now: number) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['source'] as const,
        registers,
        // Read from PostgreSQL: every gateway process reports the same figure.
        aggregator: 'first',
        async collect() {
          const rows = await federation.sources().catch(() => []);
          const now = Date.now();
          for (const row of rows) this.set({ source: row.id }, pick(row, now));
        },
      });
    perSource('federation_source_up', '1 when the last sync of the source succeeded and it is not paused', (r) => (r.status === 'ok' && !r.paused ? 1 : 0));
    perSource('federation_source_lag_seconds', 'Seconds since the last successful sync of the source', (r, now) =>
      r.last_success_at ? (now - r.last_success_at.getTime()) / 1000 : -1,
    );
    perSource('federation_source_records_in_total', 'Records applied from the source', (r) => Number(r.records_in));
    perSource('federation_source_records_out_total', 'Records sent to the source', (r) => Number(r.records_out));
    perSource('federation_source_rejected_total', 'Records from the source rejected by validation', (r) => Number(r.rejected));
    perSource('federation_source_dropped_confidential_total', 'Records from the source dropped because they said they were confidential', (r) =>
      Number(r.dropped_confidential),
    );
    perSource('federation_source_consecutive_failures', 'Failed syncs in a row', (r) => r.consecutive_failures);
  }
}
