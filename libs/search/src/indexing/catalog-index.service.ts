import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  findCategory,
  indexedInstrument,
  InstrumentFeedUseCase,
  type CatalogChanges,
  type FeedPosition,
  type FeedRow,
  type IndexedInstrument,
} from '@app/catalog';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { SearchDocumentError } from '../engine/errors';
import { SearchIndex } from '../engine/search-index';
import type { SearchDocument } from '../engine/types';
import { IndexAnswerValidity } from './answer-validity';
import { compactingCollection } from './compacting-collection';

/** Instruments from which the build's garbage (~0.5 kB each) is worth a full collection of the heap. */
const COLLECT_AFTER_BUILD_FROM = 20_000;

export interface CatalogIndexStats {
  documents: number;
  buildMs?: number;
  /** When the change feed was last read completely. */
  followedAt?: string;
  changesApplied: number;
  /** CPU ms this process spent applying the feed's changes to the index (the churn's cost beside the searches it drops). */
  applyCpuMs: number;
  /** Records the index could not take (left unfindable, each logged). */
  skipped?: number;
}

/**
 * The in-memory search index of this replica. At start it is built from
 * PostgreSQL as of one snapshot; then it follows the change feed every
 * SEARCH_FOLLOW_INTERVAL_MS, and at once after a write in this process, so
 * every replica converges on the same catalog. Readers wait for a catch-up
 * only when this process has just written (read-your-writes).
 *
 * It also tells the search caches which kept answers may still be served
 * ({@link answers}): a change from elsewhere drops only the answers it
 * concerns, and those may go on being served for at most
 * SEARCH_CACHE_MAX_STALE_MS; a change that hides an instrument from anyone,
 * or a write of this process, invalidates every answer at once.
 */
@Injectable()
export class CatalogIndex implements OnApplicationBootstrap, OnApplicationShutdown, CatalogChanges {
  private readonly logger = new Logger('search');
  readonly engine: SearchIndex;
  private position?: FeedPosition;
  private running?: Promise<void>;
  private rerun = false;
  /** Writes this process signalled, and how many of them a completed feed read has covered. */
  private writesSignalled = 0;
  private writesApplied = 0;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly stats: CatalogIndexStats = { documents: 0, changesApplied: 0, applyCpuMs: 0 };
  /** Which answers computed at earlier versions of {@link engine} the caches may still serve. */
  readonly answers: IndexAnswerValidity;

  constructor(
    private readonly feed: InstrumentFeedUseCase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // With no staleness allowed, scores follow every change too (statistics taken again each time), as every answer is dropped anyway.
    this.engine = new SearchIndex(config.search.cacheMaxStaleMs > 0 ? {} : { statisticsDrift: 0 });
    this.answers = new IndexAnswerValidity(this.engine, config.search.cacheMaxStaleMs);
  }

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    // One bulk load: several times faster than an upsert a row, and no outgrown arrays left for the allocator to keep.
    const load = this.engine.load();
    this.position = await this.feed.loadAll((rows) => {
      for (const row of rows) {
        try {
          load.add(toDocument(row));
        } catch (error) {
          // One record the index cannot take must not keep the whole replica from starting: it is left unfindable.
          if (!(error instanceof SearchDocumentError)) throw error;
          this.skipped(row.id, error);
        }
      }
    });
    load.finish();
    // What the build no longer needs (the load's staged postings, every page of rows) is garbage the
    // collector would otherwise keep, with the heap it grew into, until some later collection:
    // ~100 MB of RSS at 200,000 instruments. One full collection, once, costs a fraction of the build.
    // It walks the whole heap, not just the build's garbage: below a catalog of this size the garbage
    // is a few MB and the walk is most of the cost (a process that builds many small indexes, tests).
    if (this.engine.size >= COLLECT_AFTER_BUILD_FROM) {
      try {
        compactingCollection();
      } catch (error) {
        this.logger.warn(`no collection after the build: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    // Nothing answered from a half-built index is worth keeping.
    this.answers.applied(0, true);
    this.stats.buildMs = Date.now() - started;
    this.logger.log(`search index built: ${this.engine.size} instruments in ${this.stats.buildMs} ms`);
    this.schedule();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** CatalogChanges: a write committed in this process. */
  changed(): void {
    this.writesSignalled++;
    void this.follow().catch(() => undefined);
  }

  /**
   * Resolves once writes made by this process before the call are searchable.
   * Readers never wait for a routine poll, only after a write of their own process.
   */
  async fresh(): Promise<void> {
    const target = this.writesSignalled;
    try {
      // Bounded: a reader waits for the writes it may have seen, not for every later one.
      for (let i = 0; i < 3 && this.writesApplied < target && !this.stopped; i++) await this.follow();
    } catch {
      // PostgreSQL unreachable: answer from the index as it is; the scheduled poll keeps retrying.
    }
  }

  /** True when every write this process signalled is already in the index: a reader need not wait. */
  get current(): boolean {
    return this.writesApplied >= this.writesSignalled;
  }

  snapshot(): CatalogIndexStats {
    return { ...this.stats, documents: this.engine.size };
  }

  /** Reads the feed until it is exhausted; concurrent callers share the run (and get one more pass if they asked during it). */
  follow(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.rerun = false;
        // Writes signalled before this read began are committed, so this read covers them.
        const covered = this.writesSignalled;
        await this.readFeed();
        // A writer must find its write in its very next search, not a kept answer from before it. An
        // earlier routine read may have applied the write as an ordinary change, so this holds even
        // when this read found nothing new; readers waiting in fresh() resume only after this step.
        if (covered > this.writesApplied) this.answers.invalidate();
        this.writesApplied = covered;
      } while (this.rerun && !this.stopped);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async readFeed(): Promise<void> {
    if (!this.position) return;
    for (;;) {
      const page = await this.feed.changesSince(this.position);
      const from = this.engine.version;
      let hides = false;
      const cpu = process.cpuUsage();
      try {
        for (const row of page.rows) if (this.apply(row)) hides = true;
      } finally {
        // In the same synchronous step as the changes: no search sees them applied and its kept answers still valid.
        this.answers.applied(from, hides);
        const used = process.cpuUsage(cpu);
        this.stats.applyCpuMs += (used.user + used.system) / 1000;
      }
      this.stats.changesApplied += page.rows.length;
      this.position = page.next;
      if (!page.more) break;
    }
    this.stats.followedAt = new Date().toISOString();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.follow()
        .catch((error: unknown) => this.logger.warn(`following the change feed failed (retrying): ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.schedule());
    }, this.config.search.followIntervalMs);
    this.timer.unref();
  }

  /** Applies one change; true if it hides the instrument from someone who could find it before. */
  private apply(row: FeedRow): boolean {
    const before = this.engine.get(row.stored.instrument.id);
    if (row.deleted) return this.engine.remove(row.stored.instrument.id);
    const after = toDocument(indexedInstrument(row.stored));
    try {
      this.engine.upsert(after);
    } catch (error) {
      // Neither blocks the feed (later changes, withdrawals among them, must still apply) nor leaves the old version findable.
      if (!(error instanceof SearchDocumentError)) throw error;
      this.skipped(after.id, error);
      return this.engine.remove(after.id);
    }
    return before !== undefined && hides(before, after);
  }

  private skipped(id: string, error: SearchDocumentError): void {
    this.stats.skipped = (this.stats.skipped ?? 0) + 1;
    this.logger.warn(`instrument ${id} left out of the search index: ${error.message}`);
  }
}

/** Whether `after` is visible to fewer viewers than `before`: public turned unit-only, or unit-only moved to another unit. */
function hides(before: SearchDocument, after: SearchDocument): boolean {
  return after.visibility !== 'public' && (before.visibility === 'public' || before.unitId !== after.unitId);
}

export function toDocument(i: IndexedInstrument): SearchDocument {
  return {
    id: i.id,
    name: i.name,
    nameEn: i.nameEn,
    model: i.model,
    manufacturer: i.manufacturer,
    categoryCode: i.categoryCode,
    categoryName: findCategory(i.categoryCode)?.name,
    description: i.description,
    region: i.region,
    city: i.city,
    unitId: i.unitId,
    serviceModes: i.serviceModes,
    customsGated: i.customsGated,
    feeExternalCny: i.feeExternalCny,
    feeInternalCny: i.feeInternalCny,
    feeUnit: i.feeUnit,
    location: i.location,
    updatedAt: i.updatedAt,
    // Art. 2, 11: confidential and exempted instruments exist only for their own unit.
    visibility: i.shareable ? 'public' : 'unit',
  };
}
