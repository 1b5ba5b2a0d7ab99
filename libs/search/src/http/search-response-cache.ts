import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ResultCache } from '../engine/result-cache';
import type { SearchInstrumentsInput } from '../use-cases/search-instruments.input';
import { SearchInstrumentsUseCase, type SearchAnswer } from '../use-cases/search-instruments.usecase';

/** Source statuses are read at most once a second anyway (ListSourcesUseCase); a quarter of that adds no visible delay. */
const SOURCES_REFRESH_MS = 250;

/**
 * An answer's bytes, kept as long as the answer may be served: one buffer, the answer's JSON without
 * its closing brace followed by the sources it was last sent with. Not the JSON and the body apart:
 * a gateway keeps a thousand answers of 10–50 kB, and a second copy of each is tens of MB of RSS.
 */
interface EncodedAnswer {
  bytes: Buffer;
  /** Where the answer's JSON ends in {@link bytes} and the sources member begins. */
  jsonLength: number;
  sources: Buffer;
}

/**
 * Search answers as the UTF-8 JSON HTTP sends, and anonymous answers by the
 * request exactly as it came. A search page is 10–15 kB; encoding it once per
 * answer rather than once per request is most of what a repeated query costs
 * (docs/benchmarks.md), and a repeat found by its raw path and query needs
 * neither validation nor the engine (search-fast-path.ts). While partners
 * sync, a kept answer a change concerns expires within a few hundred ms
 * (SEARCH_CACHE_MAX_STALE_MS; the others stay); a request's validated input
 * does not, so a repeat whose answer expired is answered again by the engine
 * without Nest's router, guards and pipes.
 */
@Injectable()
export class SearchResponseCache {
  /** By the use-case's answer object: it hands out the same object for the same question while it keeps it. */
  private readonly encoded = new WeakMap<SearchAnswer, EncodedAnswer>();
  private readonly byRequest: ResultCache<EncodedAnswer>;
  /** Anonymous requests' inputs as validated, by raw path and query, least recently used out: they hold whatever the index does. */
  private readonly validated = new Map<string, SearchInstrumentsInput>();
  private readonly capacity: number;
  private sourcesJson?: { at: number; text: string; bytes: Buffer };

  constructor(
    private readonly search: SearchInstrumentsUseCase,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.capacity = config.search.resultCacheSize;
    // As the use-case's answers: a request's bytes are kept from its second ask.
    this.byRequest = new ResultCache(this.capacity, search.validity, 'repeat');
  }

  /** The use-case's answer with its sources, as bytes; an anonymous one is also kept under `request`. */
  async respond(input: SearchInstrumentsInput, principal: Principal | undefined, request?: string): Promise<Buffer> {
    const sources = await this.sourcesBytes();
    let { answer, version, scope } = await this.search.answer(input, principal);
    // A change that hides something may have been applied while this continuation waited its turn: answer after it.
    while (version < this.search.validity.floor) ({ answer, version, scope } = await this.search.answer(input, principal));
    let encoded = this.encoded.get(answer);
    if (!encoded) {
      encoded = encode(JSON.stringify(answer).slice(0, -1), sources);
      this.encoded.set(answer, encoded);
    }
    if (request !== undefined && !principal && this.capacity > 0) {
      this.byRequest.set(version, request, encoded, scope);
      this.validated.delete(request);
      this.validated.set(request, input);
      if (this.validated.size > this.capacity) this.validated.delete(this.validated.keys().next().value as string);
    }
    return this.withSources(encoded, sources);
  }

  /** Look-ups of anonymous answers by request, by outcome (ResultCache.outcomes): for /metrics. */
  get keptAnswers(): Readonly<ResultCache<EncodedAnswer>['outcomes']> {
    return this.byRequest.outcomes;
  }

  /** Whether this raw path and query was answered before, anonymously (a cheap look, no waiting). */
  isRepeat(request: string): boolean {
    return this.validated.has(request);
  }

  /**
   * The answer to an anonymous request answered before, by its raw path and
   * query: the kept one while it may be served, else computed again from the
   * input validated the first time; undefined for a request never answered.
   */
  async repeat(request: string): Promise<Buffer | undefined> {
    await this.search.built();
    const sources = await this.sourcesBytes();
    // Looked up after the last wait, so a change that hid something meanwhile has already emptied the cache.
    const encoded = this.byRequest.get(request);
    if (encoded) return this.withSources(encoded, sources);
    const input = this.validated.get(request);
    return input && this.respond(input, undefined, request);
  }

  /**
   * The answer's bytes followed by the sources'. Sources change about once a
   * second, so the whole body is kept with the answer until they do: a repeat
   * allocates nothing of its size, which keeps the garbage collector (and the
   * latency tail) out of the way at thousands of requests a second.
   */
  private withSources(encoded: EncodedAnswer, sources: Buffer): Buffer {
    if (encoded.sources !== sources) {
      // A new buffer, not the old one rewritten: a response may still be sending it.
      const bytes = Buffer.allocUnsafeSlow(encoded.jsonLength + sources.length);
      encoded.bytes.copy(bytes, 0, 0, encoded.jsonLength);
      sources.copy(bytes, encoded.jsonLength);
      encoded.bytes = bytes;
      encoded.sources = sources;
    }
    return encoded.bytes;
  }

  /** The sources member as bytes, recomputed at most every {@link SOURCES_REFRESH_MS} and replaced only when it changed. */
  private async sourcesBytes(): Promise<Buffer> {
    const known = this.sourcesJson;
    if (known && Date.now() - known.at < SOURCES_REFRESH_MS) return known.bytes;
    const text = JSON.stringify(await this.search.sourceStatuses());
    this.sourcesJson = { at: Date.now(), text, bytes: known?.text === text ? known.bytes : Buffer.from(`,"sources":${text}}`) };
    return this.sourcesJson.bytes;
  }
}

/** The answer's JSON (without its closing brace) and the sources member in one buffer of its own (not a slice of Node's shared pool, which a kept answer would hold on to). */
function encode(json: string, sources: Buffer): EncodedAnswer {
  const jsonLength = Buffer.byteLength(json);
  const bytes = Buffer.allocUnsafeSlow(jsonLength + sources.length);
  bytes.write(json, 0, 'utf8');
  sources.copy(bytes, jsonLength);
  return { bytes, jsonLength, sources };
}
