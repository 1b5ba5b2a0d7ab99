import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { MetricsService } from '@app/platform';
import { Gauge } from 'prom-client';
import { SearchResponseCache } from '../http/search-response-cache';
import { SearchInstrumentsUseCase } from '../use-cases/search-instruments.usecase';
import { CatalogIndex } from './catalog-index.service';

/**
 * This replica's index as Prometheus metrics: how big, how long it took to
 * build, how fresh; and, with SEARCH_CACHE_METRICS, what becomes of its kept
 * answers while the catalog changes (served or not, and why), counted without
 * a log line per request.
 */
@Injectable()
export class SearchMetrics implements OnModuleInit {
  constructor(
    private readonly index: CatalogIndex,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly metrics?: MetricsService,
    @Optional() private readonly answers?: SearchInstrumentsUseCase,
    @Optional() private readonly responses?: SearchResponseCache,
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
    // They move with every change, hidden instruments' too (a confidential record written, a word only
    // unit-only records carry): shown only when asked for (SEARCH_CACHE_METRICS), for a benchmark or a diagnosis.
    if (!this.config.search.cacheMetrics) return;
    const { answers, responses } = this;
    new Gauge({
      name: 'search_kept_answers_total',
      help: 'Look-ups of kept search answers by cache (typed answers, anonymous requests) and outcome (current, unaffected, stale served; absent, expired not; cleared, evicted entries)',
      labelNames: ['cache', 'outcome'] as const,
      registers,
      collect() {
        for (const [cache, outcomes] of [
          ['answers', answers?.keptAnswers],
          ['requests', responses?.keptAnswers],
        ] as const) {
          for (const [outcome, n] of Object.entries(outcomes ?? {})) this.set({ cache, outcome }, n);
        }
      },
    });
    // Plain counts kept by the index and the caches, one sample per label value.
    const counts = (name: string, help: string, label: string, read: () => Readonly<Record<string, number>>) =>
      new Gauge({
        name,
        help,
        labelNames: [label],
        registers,
        collect() {
          for (const [value, n] of Object.entries(read())) this.set({ [label]: value }, n);
        },
      });
    counts(
      'search_kept_answer_concerns_total',
      'Kept answers found no longer exact, by cause: generation, statistics, vocabulary, filterValues, journal, or a change within their scope (matches, facetCell, noPage, onPage, beforePage, ontoPage)',
      'cause',
      () => index.engine.concerns,
    );
    counts(
      'search_cache_floor_raised_total',
      'Times every kept answer was dropped at once, by cause: hides (withdrawal, confidential), generation (compaction, build), ownWrite, everyChange (SEARCH_CACHE_MAX_STALE_MS=0)',
      'cause',
      () => index.answers.raised,
    );
    counts(
      'search_index_epochs_total',
      "Index generations (compactions, loads), and the current generation's statistics epochs and vocabulary moves",
      'kind',
      () => index.engine.epochs,
    );
    counts(
      'search_cpu_ms_total',
      "CPU ms this process spent computing answers (not served from a cache) and applying the change feed's changes",
      'work',
      () => ({ answers: answers?.computed.cpuMs ?? 0, feed: index.snapshot().applyCpuMs }),
    );
    new Gauge({
      name: 'search_answers_computed_total',
      help: 'Answers computed by the engine, not served from a cache',
      registers,
      collect() {
        this.set(answers?.computed.answers ?? 0);
      },
    });
    new Gauge({
      name: 'search_index_changes_applied_total',
      help: 'Changes from the feed applied to the index',
      registers,
      collect() {
        this.set(index.snapshot().changesApplied);
      },
    });
  }
}
