import createClient, { type Client } from 'openapi-fetch';
import type { FieldViolation } from '@app/common';
import { ProvinceApiError, type ProvinceErrorKind } from './province-api-error';
import type { components } from './generated/province-api';
import type {
  ProvinceChange,
  ProvinceInstrumentRecord,
  ProvinceInstrumentUpsert,
  ProvincePaths,
  ProvinceProblem,
  ProvinceSchemaName,
  ProvinceUpsertResult,
  ProvinceUsageBatchResult,
  ProvinceUsageRecord,
  ProvinceUsageSession,
  ProvinceWithdrawResult,
} from './province-api';
import { provinceSchemas, type ViolationCheck } from './province-schemas';

export interface ProvinceClientOptions {
  /** Base URL of the platform, e.g. `http://127.0.0.1:4010` (paths start with `/v1`). */
  baseUrl: string;
  /** Bearer token, or a function giving the current one (rotation without a new client). */
  token: string | (() => string | Promise<string>);
  /** Default per-call timeout in milliseconds, covering connect, headers and body. Default 10,000. */
  timeoutMs?: number;
  /** Replaces global fetch (tests, proxies). */
  fetch?: (request: Request) => Promise<Response>;
}

export interface ProvinceCallOptions {
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
  /** The caller's cancellation (shutdown); ends the call with kind `aborted`. */
  signal?: AbortSignal;
}

/** A feed item (change or usage session) that broke the contract: reported, skipped, never stops the page. */
export interface InvalidProvinceItem {
  /** Position in the page. */
  index: number;
  /** The item's ids and version if they were readable, for the error list. */
  instrumentId?: string;
  /** A usage session's own id. */
  id?: string;
  version?: number;
  violations: FieldViolation[];
  raw: unknown;
}

/** A change item that broke the contract. */
export type InvalidProvinceChange = InvalidProvinceItem;

/** One page of a feed: valid items in feed order, the rest reported; commit the cursor with the items. */
export interface ProvinceFeedPage<T> {
  items: T[];
  invalid: InvalidProvinceItem[];
  nextCursor: string;
  hasMore: boolean;
}

export type ProvinceChangesPage = ProvinceFeedPage<ProvinceChange>;
export type ProvinceUsageSessionsPage = ProvinceFeedPage<ProvinceUsageSession>;

export interface ProvinceUpsertOutcome extends ProvinceUpsertResult {
  /** 201: the instrument was not listed before (or had been withdrawn). */
  created: boolean;
}

export interface UsageRecordQuery {
  instrumentId: string;
  from?: string;
  to?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_RETRY_AFTER_MS = 24 * 3600_000;

function isProblem(value: unknown): value is ProvinceProblem {
  return !!value && typeof value === 'object' && typeof (value as ProvinceProblem).status === 'number' && typeof (value as ProvinceProblem).title === 'string';
}

function retryAfterMs(response: Response, now: number): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : Date.parse(header) - now;
  return Number.isFinite(seconds) ? Math.min(Math.max(0, seconds), MAX_RETRY_AFTER_MS) : undefined;
}

type Outcome = { data?: unknown; error?: unknown; response: Response };
type Schema<N extends ProvinceSchemaName> = components['schemas'][N];

let pageEnvelope: ViolationCheck | undefined;
/**
 * The page envelope alone: a bad cursor or hasMore must fail the page (the
 * cursor is what gets committed), a bad item must not (see feedPage).
 */
function checkPageEnvelope(page: unknown) {
  pageEnvelope ??= provinceSchemas().compile({
    type: 'object',
    required: ['items', 'nextCursor', 'hasMore'],
    properties: {
      items: { type: 'array', maxItems: 1000 },
      nextCursor: { $ref: '#/components/schemas/FeedCursor' },
      hasMore: { type: 'boolean' },
    },
  });
  return pageEnvelope(page);
}

/**
 * Typed client of the Zhejiang provincial platform (openapi/province/openapi.yaml),
 * built on openapi-fetch: paths, parameters and bodies are checked by tsc
 * against the generated types, and every answer is checked at run time
 * against the same spec, because the province is a remote system whose
 * output we do not control.
 *
 * Every method either resolves with contract-conforming data or throws a
 * ProvinceApiError whose `transient` says whether a retry can help. Retrying
 * is the caller's business (the sync engine has backoff, jitter and a
 * circuit breaker); this client never retries on its own.
 */
export class ProvinceClient {
  private readonly api: Client<ProvincePaths>;
  private readonly timeoutMs: number;

  constructor(private readonly options: ProvinceClientOptions) {
    if (!/^https?:\/\//.test(options.baseUrl)) throw new RangeError(`baseUrl must be an http(s) URL, got ${JSON.stringify(options.baseUrl)}`);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${options.timeoutMs}`);
    // Bind global fetch late: tests that stub globalThis.fetch after
    // construction still take effect, and openapi-fetch calls it unbound.
    const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
    this.api = createClient<ProvincePaths>({ baseUrl: options.baseUrl, fetch: fetchImpl });
  }

  /**
   * One page of the change feed after `cursor` (absent: from the beginning).
   * Items failing the spec are returned in `invalid` instead of failing the
   * page; the page envelope itself (cursor, hasMore) must be valid.
   */
  async listChanges(query: { cursor?: string; limit?: number } = {}, call: ProvinceCallOptions = {}): Promise<ProvinceChangesPage> {
    const answer = await this.call('listInstrumentChanges', call, (init) =>
      this.api.GET('/v1/instruments/changes', { ...init, params: { query: { cursor: query.cursor, limit: query.limit } } }),
    );
    return this.feedPage<ProvinceChange>('listInstrumentChanges', answer, (raw) => provinceSchemas().validateChange(raw));
  }

  /**
   * Pages through the feed from `cursor` until `hasMore` is false. Each
   * yielded page's `nextCursor` is safe to commit once its items are stored.
   */
  changes(cursor?: string, options: { limit?: number } & ProvinceCallOptions = {}): AsyncGenerator<ProvinceChangesPage> {
    const { limit, ...call } = options;
    return this.pages('listInstrumentChanges', cursor, (position) => this.listChanges({ cursor: position, limit }, call));
  }

  /**
   * One page of the usage sessions recorded on the province's own instruments
   * after `cursor` (absent: from the beginning). Like listChanges, sessions
   * failing the spec (schema, or times that do not fit the outcome) are
   * returned in `invalid` instead of failing the page. Map each valid one with
   * `fromProvinceSession`; apply it only if its version is newer than the
   * one held for its id.
   */
  async listUsageSessions(query: { cursor?: string; limit?: number } = {}, call: ProvinceCallOptions = {}): Promise<ProvinceUsageSessionsPage> {
    const answer = await this.call('listUsageSessions', call, (init) =>
      this.api.GET('/v1/usage-sessions', { ...init, params: { query: { cursor: query.cursor, limit: query.limit } } }),
    );
    return this.feedPage<ProvinceUsageSession>('listUsageSessions', answer, (raw) => provinceSchemas().validateUsageSession(raw));
  }

  /** Pages through the usage sessions from `cursor` until `hasMore` is false (see changes). */
  usageSessions(cursor?: string, options: { limit?: number } & ProvinceCallOptions = {}): AsyncGenerator<ProvinceUsageSessionsPage> {
    const { limit, ...call } = options;
    return this.pages('listUsageSessions', cursor, (position) => this.listUsageSessions({ cursor: position, limit }, call));
  }

  /**
   * The current record, or null when the province says it does not list it
   * (codes NOT_FOUND, WITHDRAWN). A bare 404 without the province's problem
   * (a wrong base URL, a proxy) still throws: it says nothing about the instrument.
   */
  async getInstrument(instrumentId: string, call: ProvinceCallOptions = {}): Promise<ProvinceInstrumentRecord | null> {
    try {
      const answer = await this.call('getInstrument', call, (init) =>
        this.api.GET('/v1/instruments/{instrumentId}', { ...init, params: { path: { instrumentId } } }),
      );
      return this.conform('getInstrument', 'InstrumentRecord', answer);
    } catch (error) {
      if (error instanceof ProvinceApiError && error.status === 404 && (error.code === 'NOT_FOUND' || error.code === 'WITHDRAWN')) return null;
      throw error;
    }
  }

  /** Lists or replaces an instrument; a stale version answers `applied: false` (not an error). */
  async upsertInstrument(instrumentId: string, body: ProvinceInstrumentUpsert, call: ProvinceCallOptions = {}): Promise<ProvinceUpsertOutcome> {
    const answer = await this.call('upsertInstrument', call, (init) =>
      this.api.PUT('/v1/instruments/{instrumentId}', { ...init, params: { path: { instrumentId } }, body }),
    );
    return { ...this.conform('upsertInstrument', 'UpsertResult', answer), created: answer.status === 201 };
  }

  /** Withdraws an instrument; already withdrawn or stale answers `applied: false`. 404 if never listed. */
  async withdrawInstrument(instrumentId: string, options: { version?: number } = {}, call: ProvinceCallOptions = {}): Promise<ProvinceWithdrawResult> {
    const answer = await this.call('withdrawInstrument', call, (init) =>
      this.api.DELETE('/v1/instruments/{instrumentId}', { ...init, params: { path: { instrumentId }, query: { version: options.version } } }),
    );
    return this.conform('withdrawInstrument', 'WithdrawResult', answer);
  }

  /** Sends one batch (1 … PROVINCE_USAGE_BATCH_MAX records); idempotent by `recordId`. */
  async submitUsageRecords(records: ProvinceUsageRecord[], call: ProvinceCallOptions = {}): Promise<ProvinceUsageBatchResult> {
    const answer = await this.call('submitUsageRecords', call, (init) => this.api.POST('/v1/usage-records', { ...init, body: { records } }));
    return this.conform('submitUsageRecords', 'UsageBatchResult', answer);
  }

  async listUsageRecords(query: UsageRecordQuery, call: ProvinceCallOptions = {}): Promise<ProvinceUsageRecord[]> {
    const answer = await this.call('listUsageRecords', call, (init) =>
      this.api.GET('/v1/usage-records', { ...init, params: { query: { instrumentId: query.instrumentId, from: query.from, to: query.to } } }),
    );
    return this.conform('listUsageRecords', 'UsageRecordList', answer).items;
  }

  // ------------------------------------------------------------ plumbing

  /** A feed page: the envelope must conform, each item is checked on its own. */
  private feedPage<T>(operation: string, answer: { data: unknown; status: number }, validate: (raw: unknown) => FieldViolation[]): ProvinceFeedPage<T> {
    const shapeErrors = checkPageEnvelope(answer.data);
    if (shapeErrors.length > 0) throw this.contractError(operation, answer.status, shapeErrors);
    const envelope = answer.data as { items: unknown[]; nextCursor: string; hasMore: boolean };
    const items: T[] = [];
    const invalid: InvalidProvinceItem[] = [];
    envelope.items.forEach((raw, index) => {
      const violations = validate(raw);
      if (violations.length === 0) {
        items.push(raw as T);
        return;
      }
      const o = raw && typeof raw === 'object' ? (raw as { id?: unknown; instrumentId?: unknown; version?: unknown }) : {};
      invalid.push({
        index,
        ...(typeof o.instrumentId === 'string' ? { instrumentId: o.instrumentId } : {}),
        ...(typeof o.id === 'string' ? { id: o.id } : {}),
        ...(typeof o.version === 'number' ? { version: o.version } : {}),
        violations,
        raw,
      });
    });
    return { items, invalid, nextCursor: envelope.nextCursor, hasMore: envelope.hasMore };
  }

  /** Follows a feed page by page from `cursor` until `hasMore` is false. */
  private async *pages<P extends { nextCursor: string; hasMore: boolean }>(
    operation: string,
    cursor: string | undefined,
    next: (position?: string) => Promise<P>,
  ): AsyncGenerator<P> {
    let position = cursor;
    for (;;) {
      const page = await next(position);
      yield page;
      if (!page.hasMore) return;
      // A feed that says "more" without moving would spin here forever.
      if (page.nextCursor === position) {
        throw new ProvinceApiError({ operation, kind: 'invalid_response', status: 200 }, `province ${operation}: hasMore without advancing the cursor`);
      }
      position = page.nextCursor;
    }
  }

  private async token(): Promise<string> {
    return typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
  }

  /**
   * Runs one request with the bearer token and a deadline covering the whole
   * exchange (the same signal aborts reading the body), and turns every
   * failure into a ProvinceApiError.
   */
  private async call(
    operation: string,
    call: ProvinceCallOptions,
    send: (init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<Outcome>,
  ): Promise<{ data: unknown; status: number }> {
    const timeoutMs = call.timeoutMs ?? this.timeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = call.signal ? AbortSignal.any([deadline, call.signal]) : deadline;
    const fail = (
      kind: ProvinceErrorKind,
      message: string,
      extra: { status?: number; problem?: ProvinceProblem; retryAfterMs?: number; cause?: unknown } = {},
    ) => new ProvinceApiError({ operation, kind, ...extra }, `province ${operation}: ${message}`);

    if (call.signal?.aborted) throw fail('aborted', 'aborted by the caller', { cause: call.signal.reason });
    // The signal also reaches fetch (aborting the socket and the body read),
    // but the deadline must not depend on a fetch implementation honouring
    // it: a Request's derived signal is only weakly linked to ours.
    let stopWaiting = () => {};
    const abandoned = new Promise<never>((_, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      stopWaiting = () => signal.removeEventListener('abort', onAbort);
    });
    let outcome: Outcome;
    try {
      const headers = { authorization: `Bearer ${await this.token()}`, accept: 'application/json' };
      outcome = await Promise.race([send({ headers, signal }), abandoned]);
    } catch (error) {
      // Which signal fired tells timeout from cancellation; the error object
      // alone does not (both surface as the signal's reason).
      if (call.signal?.aborted) throw fail('aborted', 'aborted by the caller', { cause: error });
      if (deadline.aborted) throw fail('timeout', `no answer within ${timeoutMs} ms`, { cause: error });
      if (error instanceof SyntaxError) throw fail('invalid_response', `answer is not JSON: ${error.message}`, { cause: error });
      throw fail(
        'network',
        error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error),
        { cause: error },
      );
    } finally {
      stopWaiting();
    }
    const { response } = outcome;
    if (!response.ok) {
      const problem = isProblem(outcome.error) ? outcome.error : undefined;
      const detail = problem
        ? `${problem.code}${problem.detail ? `: ${problem.detail}` : ''}`
        : typeof outcome.error === 'string'
          ? outcome.error.slice(0, 200)
          : response.statusText;
      throw fail('http', `HTTP ${response.status} ${detail}`, { status: response.status, problem, retryAfterMs: retryAfterMs(response, Date.now()) });
    }
    if (outcome.data === undefined) throw fail('invalid_response', `HTTP ${response.status} without a body`, { status: response.status });
    return { data: outcome.data, status: response.status };
  }

  private conform<N extends ProvinceSchemaName>(operation: string, schema: N, answer: { data: unknown; status: number }): Schema<N> {
    const violations = provinceSchemas().validate(schema, answer.data);
    if (violations.length > 0) throw this.contractError(operation, answer.status, violations);
    return answer.data as Schema<N>;
  }

  private contractError(operation: string, status: number, violations: FieldViolation[]): ProvinceApiError {
    const summary = violations
      .slice(0, 5)
      .map((v) => `${v.field} ${v.message}`)
      .join('; ');
    return new ProvinceApiError({ operation, kind: 'invalid_response', status }, `province ${operation}: answer breaks the contract: ${summary}`);
  }
}

export function createProvinceClient(options: ProvinceClientOptions): ProvinceClient {
  return new ProvinceClient(options);
}
