import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chinaDate, SystemClock, type Clock, type FieldViolation } from '@app/common';
import {
  PROVINCE_PLATFORM_ID,
  provinceSchemas,
  toProvinceInstrument,
  type ProvinceChange,
  type ProvinceInstrumentUpsert,
  type ProvinceUsageBatch,
  type ViolationCheck,
} from '@app/province-client';
import { isIsoDate } from '@app/policy';
import { DEFAULT_AS_OF, generateCatalog } from '@app/seed';
import { OperationTable, type Operation } from './operation-table';
import { ProvinceSimStore, reporterOf, type PushOperation, type SeedRecord } from './sim-store';
import { provinceUsageSeed } from './usage-seed';

export interface ProvinceSimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the simulator is for loopback use. */
  host?: string;
  /** Instruments generated before filtering (the shareable ones are listed). Default 1,000. */
  count?: number;
  /** Seed of the generator; same seed, same catalog. Default 1. */
  seed?: number;
  /** The bearer token city platforms must present. */
  token: string;
  clock?: Clock;
  /** Check the simulator's own answers against the spec (500 if one breaks it). Default true. */
  validateResponses?: boolean;
  /** Pushes kept for GET /v1/_sim/pushes. Default 100,000. */
  maxPushes?: number;
  /** Change-log epoch (hex); cursors of another epoch answer 410. Default random per start. */
  epoch?: string;
  /**
   * Listings the province already holds from before this run: city instrument
   * id → the date it listed it (`YYYY-MM-DD`, not after today). A push of such
   * an instrument is answered with that `listedOn`, as the real platform does
   * for a record it lists. Default none: every first push is listed today.
   */
  listingHistory?: Readonly<Record<string, string>>;
  /**
   * Review pushed records as the real platform does before listing them:
   * one without service terms (no `chargeStandard`, Art. 13) is refused with
   * 422 `REVIEW_REFUSED` and stays unlisted. Default off (everything valid is listed).
   */
  review?: boolean;
}

/** Faults injected into the provincial API (not into /v1/_sim or /health), for sync tests. */
export interface SimFaults {
  /** Wait this long before answering each request (a slow platform). */
  delayMs?: number;
  /** Answer the next `count` requests with `status` (problem+json), optionally with Retry-After. */
  fail?: { status: number; count: number; retryAfterSeconds?: number };
  /** Answer the next n requests with 200 and a body that is not JSON. */
  malformedResponses?: number;
  /** Break the schema of the next n change items served (version 0), to exercise per-record errors. */
  invalidChangeItems?: number;
}

export interface ProvinceSim {
  url: string;
  port: number;
  token: string;
  /** Direct access for in-process tests (the same data the HTTP API serves). */
  store: ProvinceSimStore;
  /** Shareable seeded instruments listed at start. */
  seeded: number;
  setFaults(faults: SimFaults): void;
  close(): Promise<void>;
}

const BODY_LIMIT = 1024 * 1024;
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
const CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  410: 'CURSOR_EXPIRED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};
const PUSH_OPERATIONS = new Map<string, PushOperation>([
  ['upsertInstrument', 'upsert'],
  ['withdrawInstrument', 'withdraw'],
  ['submitUsageRecords', 'usage'],
]);
const ART_11 = 'must be "none": instruments involving state secrets or exempted from sharing are never sent to the provincial platform (Art. 11)';

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Deliberately broken by a fault: skip the self-check. */
  faulty?: boolean;
  /** What the push log records about a write. */
  push?: { instrumentId?: string; version?: number; applied?: boolean };
}

class Problem {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: FieldViolation[] = [],
    readonly code = CODES[status] ?? (status >= 500 ? 'INTERNAL' : `HTTP_${status}`),
    readonly headers: Record<string, string> = {},
  ) {}

  answer(instance: string): Answer {
    return {
      status: this.status,
      headers: this.headers,
      body: {
        type: `urn:province:problem:${this.code.toLowerCase().replace(/_/g, '-')}`,
        title: TITLES[this.status] ?? 'Error',
        status: this.status,
        detail: this.detail,
        instance,
        code: this.code,
        ...(this.errors.length > 0 ? { errors: this.errors } : {}),
      },
    };
  }
}

function invalid(errors: FieldViolation[]): Problem {
  const shown = errors.map((e) => (e.field.endsWith('confidentiality') && e.message.startsWith('must be one of') ? { ...e, message: ART_11 } : e));
  return new Problem(400, shown.map((e) => `${e.field} ${e.message}`).join('; '), shown);
}

/**
 * The province's own catalog: the shareable instruments of a generated
 * Zhejiang catalog (confidential and exempted ones never reach the province,
 * Art. 11). `listedOn` is the generated join date, else the generator's
 * reference date (the record is listed, so it joined at some point).
 */
export function provinceSeed(count: number, seed: number): SeedRecord[] {
  const catalog = generateCatalog({ region: 'zhejiang', count, seed });
  const unitNames = new Map(catalog.units.map((u) => [u.id, u.name]));
  return catalog.instruments
    .filter((i) => i.confidentiality.status === 'none')
    .map((i) => ({
      instrumentId: `${PROVINCE_PLATFORM_ID}:${i.localId}`,
      listedOn: i.provincialJoinDate ?? DEFAULT_AS_OF,
      instrument: toProvinceInstrument(i, { ownerUnitName: unitNames.get(i.unitId) }),
    }));
}

/**
 * The province's review of a pushed record: without service terms (a fee
 * standard, Art. 13) it does not list it. The unit completes the record and
 * the next version is reviewed again.
 */
function reviewRefusal(id: string): Problem {
  const message =
    '未填写收费标准，审核不通过，不予上架；请补充服务条款后重新报送（第十三条） / no fee standard: the record fails review and is not listed; complete the service terms and push it again (Art. 13)';
  return new Problem(422, `${id}: instrument.chargeStandard ${message}`, [{ field: 'instrument.chargeStandard', message }], 'REVIEW_REFUSED');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reads the body up to the limit; beyond it, keeps draining so the 413 reaches the client. */
function readBody(req: http.IncomingMessage): Promise<{ text: string } | { tooLarge: true }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > BODY_LIMIT ? { tooLarge: true } : { text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', reject);
  });
}

// Bodies of the /v1/_sim endpoints: closed objects like everything else.
const SIM_SCHEMAS = {
  faults: {
    type: 'object',
    additionalProperties: false,
    properties: {
      delayMs: { type: 'integer', minimum: 0, maximum: 120000 },
      fail: {
        type: 'object',
        additionalProperties: false,
        required: ['status', 'count'],
        properties: {
          status: { type: 'integer', minimum: 400, maximum: 599 },
          count: { type: 'integer', minimum: 0 },
          retryAfterSeconds: { type: 'integer', minimum: 0, maximum: 86400 },
        },
      },
      malformedResponses: { type: 'integer', minimum: 0 },
      invalidChangeItems: { type: 'integer', minimum: 0 },
    },
  },
  provinceChanges: {
    type: 'object',
    additionalProperties: false,
    properties: { update: { type: 'integer', minimum: 0, maximum: 1000000 }, withdraw: { type: 'integer', minimum: 0, maximum: 1000000 } },
  },
  pushesQuery: {
    type: 'object',
    additionalProperties: false,
    properties: { instrumentId: { $ref: '#/components/schemas/InstrumentId' }, operation: { type: 'string', enum: ['upsert', 'withdraw', 'usage'] } },
  },
} as const;

/**
 * Starts the simulated Zhejiang provincial platform: serves
 * openapi/province/openapi.yaml from its own in-memory data, validates every
 * request against that spec (400 problem+json naming each failing field),
 * checks the bearer token (401), and records what city platforms pushed
 * (GET /v1/_sim/pushes). Test-only endpoints under /v1/_sim, also behind the
 * token: `pushes`, `state` (counts and a checksum), `faults` (GET/PUT/DELETE),
 * `province-changes` (POST {update, withdraw}: edits at the province).
 */
export async function startProvinceSim(options: ProvinceSimOptions): Promise<ProvinceSim> {
  const count = options.count ?? 1000;
  const seed = options.seed ?? 1;
  if (!options.token) throw new RangeError('token is required');
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const epoch = options.epoch ?? randomBytes(6).toString('hex');
  if (!/^[0-9a-f]{1,32}$/.test(epoch)) throw new RangeError(`epoch must be 1–32 hex digits, got ${epoch}`);
  const validateResponses = options.validateResponses ?? true;
  const clock = options.clock ?? new SystemClock();

  const history = options.listingHistory ?? {};
  const today = chinaDate(clock.now());
  for (const [id, listedOn] of Object.entries(history)) {
    if (!/^[a-z][a-z0-9_]{1,31}:[A-Za-z0-9._-]{1,128}$/.test(id) || reporterOf(id) === PROVINCE_PLATFORM_ID)
      throw new RangeError(`listingHistory: ${JSON.stringify(id)} is not a city platform's instrument id`);
    if (!isIsoDate(listedOn) || listedOn > today)
      throw new RangeError(`listingHistory: ${id} must map to a date YYYY-MM-DD not after ${today}, got ${JSON.stringify(listedOn)}`);
  }
  const records = provinceSeed(count, seed);
  const store = new ProvinceSimStore(epoch, clock, records, options.maxPushes, provinceUsageSeed(records, seed), history);
  const table = new OperationTable();
  const schemas = provinceSchemas();
  const simChecks: Record<keyof typeof SIM_SCHEMAS, ViolationCheck> = {
    faults: schemas.compile(SIM_SCHEMAS.faults, '(body)'),
    provinceChanges: schemas.compile(SIM_SCHEMAS.provinceChanges, '(body)'),
    pushesQuery: schemas.compile(SIM_SCHEMAS.pushesQuery, '(query)'),
  };
  const tokenDigest = digest(options.token);
  let faults: SimFaults = {};

  const authorized = (req: http.IncomingMessage): Problem | undefined => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
    // Digests have equal length, so the comparison time says nothing about the token.
    if (match && timingSafeEqual(digest(match[1]), tokenDigest)) return undefined;
    const why = header ? 'the bearer token is not one this platform issued' : 'an Authorization: Bearer <token> header is required';
    return new Problem(401, why, [], 'UNAUTHENTICATED', {
      'www-authenticate': header ? 'Bearer realm="province", error="invalid_token"' : 'Bearer realm="province"',
    });
  };

  /** JSON body of a write: content type, size and syntax checked; undefined + problem otherwise. */
  const jsonBody = async (req: http.IncomingMessage): Promise<{ value: unknown } | { problem: Problem }> => {
    const read = await readBody(req);
    if ('tooLarge' in read) return { problem: new Problem(413, `the body exceeds ${BODY_LIMIT} bytes`) };
    if (read.text.length === 0) return { problem: invalid([{ field: '(body)', message: 'is required: a JSON document' }]) };
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') return { problem: new Problem(415, `the body must be application/json, got ${type || 'no Content-Type'}`) };
    try {
      return { value: JSON.parse(read.text) as unknown };
    } catch (error) {
      return { problem: invalid([{ field: '(body)', message: `is not valid JSON: ${(error as Error).message}` }]) };
    }
  };

  const handleProvince = async (
    operation: Operation,
    path: Record<string, unknown>,
    query: Record<string, unknown>,
    body: unknown,
  ): Promise<Answer | Problem> => {
    switch (operation.operationId) {
      case 'listInstrumentChanges': {
        const page = store.listChanges(query.cursor as string | undefined, query.limit as number);
        if (!page.ok) return page.reason === 'expired' ? new Problem(410, `cursor ${page.message}`) : invalid([{ field: 'cursor', message: page.message }]);
        let items: ProvinceChange[] = page.items;
        let faulty = false;
        if (faults.invalidChangeItems && items.length > 0) {
          const n = Math.min(faults.invalidChangeItems, items.length);
          faults.invalidChangeItems -= n;
          items = items.map((item, i) => (i < n ? { ...item, version: 0 } : item));
          faulty = true;
        }
        return { status: 200, body: { items, nextCursor: page.nextCursor, hasMore: page.hasMore }, faulty };
      }
      case 'listUsageSessions': {
        const page = store.listUsageSessions(query.cursor as string | undefined, query.limit as number);
        if (!page.ok) return page.reason === 'expired' ? new Problem(410, `cursor ${page.message}`) : invalid([{ field: 'cursor', message: page.message }]);
        return { status: 200, body: { items: page.items, nextCursor: page.nextCursor, hasMore: page.hasMore } };
      }
      case 'getInstrument': {
        const found = store.get(path.instrumentId as string);
        if (!found) return new Problem(404, `no instrument ${path.instrumentId as string}`);
        if ('withdrawn' in found) return new Problem(404, `instrument ${path.instrumentId as string} was withdrawn`, [], 'WITHDRAWN');
        return { status: 200, body: found.record };
      }
      case 'upsertInstrument': {
        const id = path.instrumentId as string;
        const { version, instrument } = body as ProvinceInstrumentUpsert;
        if (reporterOf(id) === PROVINCE_PLATFORM_ID)
          return new Problem(403, `${id} is registered on the provincial platform itself; a city platform cannot change it`);
        // The schema cannot say "strictly increasing": checked here like the gateway does.
        const tiers = instrument.chargeStandard?.tiers ?? [];
        const unsorted = tiers.findIndex((t, i) => i > 0 && t.fromQuantity <= tiers[i - 1].fromQuantity);
        if (unsorted > 0) {
          return invalid([
            {
              field: `instrument.chargeStandard.tiers[${unsorted}].fromQuantity`,
              message: `must be greater than tiers[${unsorted - 1}].fromQuantity: tiers are sorted by strictly increasing quantity`,
            },
          ]);
        }
        if (options.review && instrument.chargeStandard === undefined) return reviewRefusal(id);
        const { status, result } = store.upsert(id, version, instrument);
        return { status, body: result, push: { instrumentId: id, version, applied: result.applied } };
      }
      case 'withdrawInstrument': {
        const id = path.instrumentId as string;
        if (reporterOf(id) === PROVINCE_PLATFORM_ID)
          return new Problem(403, `${id} is registered on the provincial platform itself; a city platform cannot withdraw it`);
        const result = store.withdraw(id, query.version as number | undefined);
        if (!result) return new Problem(404, `no instrument ${id}`);
        return { status: 200, body: result, push: { instrumentId: id, version: query.version as number | undefined, applied: result.applied } };
      }
      case 'submitUsageRecords': {
        const { records } = body as ProvinceUsageBatch;
        const over = records.flatMap((r, i) =>
          r.externalServiceHours > r.serviceHours
            ? [
                {
                  field: `records[${i}].externalServiceHours`,
                  message: `must not exceed serviceHours (${r.serviceHours}): external service is part of service`,
                },
              ]
            : [],
        );
        if (over.length > 0) return invalid(over);
        const outcome = store.submitUsage(records);
        if (!outcome.ok) return new Problem(outcome.status, `${outcome.field} ${outcome.message}`, [{ field: outcome.field, message: outcome.message }]);
        return { status: 200, body: outcome.result, push: {} };
      }
      case 'listUsageRecords': {
        const { instrumentId, from, to } = query as { instrumentId: string; from?: string; to?: string };
        if (from !== undefined && to !== undefined && from > to) return invalid([{ field: 'to', message: `must not be before from (${from})` }]);
        return { status: 200, body: { items: store.listUsage(instrumentId, from, to) } };
      }
      default:
        return new Problem(500, `operation ${operation.operationId} is in the spec but not simulated`);
    }
  };

  const handleSim = async (req: http.IncomingMessage, url: URL): Promise<Answer | Problem> => {
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /v1/_sim/state':
        return { status: 200, body: store.state() };
      case 'GET /v1/_sim/pushes': {
        const query = Object.fromEntries(url.searchParams);
        const errors = simChecks.pushesQuery(query);
        if (errors.length > 0) return invalid(errors);
        return { status: 200, body: { items: store.pushes(query as { instrumentId?: string; operation?: PushOperation }) } };
      }
      case 'GET /v1/_sim/faults':
        return { status: 200, body: faults };
      case 'DELETE /v1/_sim/faults':
        faults = {};
        return { status: 200, body: faults };
      case 'PUT /v1/_sim/faults':
      case 'POST /v1/_sim/province-changes': {
        const parsed = await jsonBody(req);
        if ('problem' in parsed) return parsed.problem;
        const isFaults = route.startsWith('PUT');
        const errors = (isFaults ? simChecks.faults : simChecks.provinceChanges)(parsed.value);
        if (errors.length > 0) return invalid(errors);
        if (isFaults) {
          faults = structuredClone(parsed.value as SimFaults);
          return { status: 200, body: faults };
        }
        return { status: 200, body: store.simulateProvinceChanges(parsed.value as { update?: number; withdraw?: number }) };
      }
      default:
        return new Problem(404, `no simulator endpoint ${route}`, [], 'NOT_FOUND');
    }
  };

  const respond = (res: http.ServerResponse, answer: Answer): void => {
    const text = JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      'content-type': answer.status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...answer.headers,
    });
    res.end(text);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://province.invalid');
    } catch {
      return respond(res, new Problem(400, 'the request target is not a valid URL path').answer('/'));
    }
    const instance = url.pathname;
    const finish = (outcome: Answer | Problem) => respond(res, outcome instanceof Problem ? outcome.answer(instance) : outcome);

    if (req.method === 'GET' && url.pathname === '/health') return respond(res, { status: 200, body: { status: 'ok' } });
    if (url.pathname.startsWith('/v1/_sim/')) {
      const denied = authorized(req);
      return finish(denied ?? (await handleSim(req, url)));
    }

    const route = table.match(req.method ?? 'GET', url.pathname);
    if (!route) return finish(new Problem(404, `no endpoint ${url.pathname}`));
    if (!('operation' in route))
      return finish(new Problem(405, `${req.method} is not allowed on ${url.pathname}`, [], 'METHOD_NOT_ALLOWED', { allow: route.allowed.join(', ') }));
    const { operation } = route;

    // Faults come first: an unavailable platform fails before looking at anything.
    if (faults.delayMs) await sleep(faults.delayMs);
    if (faults.fail && faults.fail.count > 0) {
      faults.fail.count--;
      const retry = faults.fail.retryAfterSeconds;
      return finish(new Problem(faults.fail.status, 'injected fault', [], undefined, retry === undefined ? {} : { 'retry-after': String(retry) }));
    }
    if (faults.malformedResponses) {
      faults.malformedResponses--;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"items": [{"changeType": "ups');
      return;
    }

    const denied = authorized(req);
    if (denied) return finish(denied);

    const pushOperation = PUSH_OPERATIONS.get(operation.operationId);
    const params = table.checkParameters(operation, route.rawPath, url.searchParams);
    let body: unknown;
    let outcome: Answer | Problem;
    const parsed = operation.body ? await jsonBody(req) : (req.resume(), { value: undefined });
    if ('problem' in parsed) {
      outcome = parsed.problem;
    } else {
      body = parsed.value;
      // Parameters and body are reported together: one round trip shows every problem.
      const violations = [...(params.ok ? [] : params.violations), ...table.checkBody(operation, body)];
      outcome = params.ok && violations.length === 0 ? await handleProvince(operation, params.path, params.query, body) : invalid(violations);
    }

    let answer = outcome instanceof Problem ? outcome.answer(instance) : outcome;
    if (validateResponses && !answer.faulty) {
      const drift = table.checkResponse(operation, answer.status, answer.body);
      if (drift.length > 0) {
        process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'province-sim answer breaks the spec', operation: operation.operationId, drift })}\n`);
        answer = new Problem(500, 'the simulator produced an answer that breaks the spec', drift, 'INTERNAL').answer(instance);
      }
    }
    if (pushOperation) {
      const pathId = params.ok ? (params.path.instrumentId as string | undefined) : undefined;
      store.recordPush({
        operation: pushOperation,
        status: answer.status,
        ...(pathId !== undefined ? { instrumentId: pathId } : {}),
        ...(answer.push ?? {}),
        ...(body !== undefined ? { body } : {}),
      });
    }
    respond(res, answer);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      process.stderr.write(
        `${JSON.stringify({ level: 'error', msg: 'province-sim request failed', error: error instanceof Error ? error.stack : String(error) })}\n`,
      );
      if (!res.headersSent) respond(res, new Problem(500, 'internal error', [], 'INTERNAL').answer(req.url ?? '/'));
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    token: options.token,
    store,
    seeded: records.length,
    setFaults: (next) => {
      faults = structuredClone(next);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}
