import { hkdfSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCalendarDate } from '@app/common';
import { ConfigError } from './config-error';
import { evaluationGrades, evaluationWeights, type EvaluationConfig } from './evaluation-config';
import { loadIotGateways, type IotGatewayConfig } from './iot-gateways';
import { loadPartners, type PartnerConfig } from './partners';
import { DEMO_JWT_SECRET, DEMO_PSEUDONYM_KEY, isPublishedDemoDigest, isPublishedDemoValue } from './published-demo-values';

/**
 * The one place that reads `process.env`. Everything else receives an
 * `AppConfig` through DI, so a bad value stops the process at start-up with one
 * line naming the variable, instead of surfacing as a confusing failure later.
 */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  httpPort: number;
  grpcPort: number;
  host: string;
  /** Unset → embedded PGlite under `dataDir`, served on a loopback socket. */
  databaseUrl?: string;
  dataDir: string;
  /** Unset → BullMQ's PostgreSQL backend on the same database. */
  redisUrl?: string;
  /** Redis key prefix of our queues (several deployments can share one Redis). */
  queuePrefix: string;
  /** True only for `npm run demo`, which runs on its published secrets (loopback only). */
  demo: boolean;
  auth: {
    jwtSecret: string;
    /** With it, tokens are verified with the identity provider's keys (https, issuer and audience required). */
    jwksUrl?: string;
    issuer?: string;
    audience?: string;
    /** Tokens whose `exp` lies further than this beyond their `iat` (or now) are refused. */
    maxTokenLifetimeSeconds: number;
  };
  metrics: {
    /** Bearer token Prometheus presents for `/metrics` (besides an admin's token). */
    token?: string;
  };
  /** Run queue consumers inside the gateway process (embedded default). */
  runWorkers: boolean;
  /** Gateway processes on this host sharing HTTP_PORT and GRPC_PORT (each a replica with its own index). */
  processes: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  bodyLimitBytes: number;
  importMaxBytes: number;
  /** Region of this gateway; Jiaxing's by default. */
  region: 'jiaxing';
  /** gRPC server TLS; with a client CA, partners must present certificates (mutual TLS). */
  grpcTls?: { certFile: string; keyFile: string; clientCaFile?: string };
  /** gRPC server limits (connections, streams, message sizes, server-side deadlines, health watchers). */
  grpcLimits: GrpcLimitsConfig;
  /** Partner platforms from PARTNERS_FILE (empty without one). */
  partners: PartnerConfig[];
  search: {
    /** How often each replica reads the change feed into its search index (p95 freshness ≈ this + the read). */
    followIntervalMs: number;
    /** Answers kept per replica until the index next changes; 0 turns the cache off. */
    resultCacheSize: number;
    /**
     * How long a kept answer may still be served after the first ordinary
     * change it does not reflect; 0: none (any change empties the caches).
     * Changes that hide an instrument from anyone empty them at once regardless.
     */
    cacheMaxStaleMs: number;
    /**
     * Whether /metrics shows what becomes of the kept answers (look-ups by
     * outcome, drops by cause, changes applied, the CPU of recomputing):
     * figures that move with every change, hidden instruments' included, so
     * off unless a benchmark or a diagnosis needs them (Art. 2, 11).
     */
    cacheMetrics: boolean;
  };
  federation: {
    /**
     * Key that seals our ListChanges cursors (AES-256-GCM, fresh nonce each):
     * partners can echo them but learn nothing from them, not even how many
     * hidden records changed. Every replica needs the same one.
     */
    cursorKey: string;
  };
  booking: {
    /** A booking of a partner instrument the partner has not acknowledged by then fails (capped at the window's start). */
    forwardTimeoutMs: number;
    /** How often PostgreSQL is checked for unfinished forwards and cancellations (Redis can lose jobs). */
    sweepIntervalMs: number;
    /** Key of the pseudonyms partners see instead of our users' ids (Art. 17); keep it stable. */
    pseudonymKey: string;
    /** The global floor of notice: a booking's window starts at least this many minutes after the request (0: not in the past). */
    minLeadMinutes: number;
  };
  /** Request rates per client (429) and how much of a calendar one requester may hold (policy, Art. 13). */
  limits: RateLimitConfig;
  measures: {
    /**
     * Art. 24: the day the measures took effect (`YYYY-MM-DD`, MEASURES_EFFECTIVE_DATE, default
     * 2025-01-01). No Art. 13 or Art. 15 clock starts before it: an instrument accepted, joined or
     * last used earlier is counted from this day.
     */
    effectiveDate: string;
  };
  usage: UsageConfig;
  /** The annual evaluation of units (Arts. 21–23): EVALUATION_WEIGHTS, EVALUATION_GRADES. */
  evaluation: EvaluationConfig;
  /**
   * The web console's build (`npm run console:build`), served at `/` when `enabled` and its
   * `index.html` exists: CONSOLE_ENABLED (default true), CONSOLE_DIST_DIR (default apps/console/dist).
   */
  console: { enabled: boolean; distDir: string };
  /**
   * Figures that leave a unit as sums (partners' IndicatorService, the DRC's cross-region report):
   * a cell over fewer than `minCellSize` sessions or instruments is withheld (Arts. 11, 17;
   * `@app/policy` small-cells). REPORT_MIN_CELL_SIZE, default 3; 1 withholds nothing.
   */
  reports: { minCellSize: number };
}

/** Usage indicators (utilisation = effective hours / rated hours) and the IoT gateways that report power-on. */
export interface UsageConfig {
  /** Rated (nominal) working hours of an instrument per year, USAGE_RATED_HOURS (default 1600), pro-rated by days. */
  ratedHours: number;
  /**
   * Per national category code prefix (`"03"`, `"0301"`), USAGE_RATED_HOURS_BY_CATEGORY: hours
   * a year for the instruments of that category; the longest matching prefix wins, else `ratedHours`.
   */
  ratedHoursByCategory: Record<string, number>;
  /** From IOT_GATEWAYS_FILE (empty without one). */
  iotGateways: IotGatewayConfig[];
}

/** Hours in a leap year: no instrument can be rated to run more. */
const MAX_RATED_HOURS = 8784;

/** Search answers older than this are not "fresh" in any sense a user would accept. */
const MAX_SEARCH_STALE_MS = 10_000;

function ratedHours(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const hours = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!(hours > 0 && hours <= MAX_RATED_HOURS)) throw new ConfigError(name, `must be a positive number of hours a year, at most ${MAX_RATED_HOURS}`, raw);
  return hours;
}

/** `{"0301": 2000, "03": 1800}`: national category code prefixes (1–4 digits) → hours a year. */
function ratedHoursByCategory(env: Env): Record<string, number> {
  const name = 'USAGE_RATED_HOURS_BY_CATEGORY';
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const expected = `must be a JSON object of national category code prefixes (1–4 digits) → hours a year (positive, at most ${MAX_RATED_HOURS}), e.g. {"0301": 2000}`;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(name, expected, raw);
  const result: Record<string, number> = {};
  for (const [prefix, hours] of Object.entries(parsed)) {
    if (!/^\d{1,4}$/.test(prefix) || typeof hours !== 'number' || !(hours > 0 && hours <= MAX_RATED_HOURS)) {
      throw new ConfigError(name, `${expected}; not ${JSON.stringify(prefix)}: ${JSON.stringify(hours)}`, raw);
    }
    result[prefix] = hours;
  }
  return result;
}

function calendarDate(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!parseCalendarDate(raw).ok) throw new ConfigError(name, 'must be a date YYYY-MM-DD', raw);
  return raw;
}

/** RATE_LIMIT_* and BOOKING_QUOTA_*: per window and client; 0 turns one limit off. */
export interface RateLimitConfig {
  /** Addresses or CIDRs of proxies whose X-Forwarded-For is believed (TRUST_PROXY); empty: the socket's address is the client. */
  trustProxy: string[];
  windowMs: number;
  /** search and instrument detail, availability, metrics: per IP (or token sub); booking, import, review, exemption (requests and withdrawals) and evaluation (computing one): per sub; partner: every gRPC call per partner id; iot: power-event batches per IoT gateway. */
  perWindow: Record<'search' | 'availability' | 'metrics' | 'booking' | 'import' | 'review' | 'exemption' | 'evaluation' | 'partner' | 'iot', number>;
  /** Defaults a unit overrides per instrument (`bookingLimits`): active future bookings per requester / per partner platform, window length, lead. */
  booking: { maxActivePerRequester: number; maxActivePerPartner: number; maxWindowHours: number; maxAheadDays: number };
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function rateLimits(env: Env): RateLimitConfig {
  const raw = env.TRUST_PROXY ?? '';
  const trustProxy = raw.trim() === '' ? [] : raw.split(',').map((s) => s.trim());
  for (const entry of trustProxy) {
    const [address, bits, extra] = entry.split('/');
    const family = net.isIP(address);
    if (PROXY_NAMES.includes(entry)) continue;
    if (!family || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)))) {
      throw new ConfigError('TRUST_PROXY', `must be addresses or CIDRs of your proxies (or ${PROXY_NAMES.join(', ')}), comma-separated`, raw);
    }
  }
  const per = (name: string, fallback: number) => nonNegativeInt(env, `RATE_LIMIT_${name}`, fallback);
  return {
    trustProxy,
    windowMs: positiveInt(env, 'RATE_LIMIT_WINDOW_SECONDS', 60) * 1000,
    perWindow: {
      search: per('SEARCH', 600),
      availability: per('AVAILABILITY', 120),
      metrics: per('METRICS', 60),
      booking: per('BOOKING', 30),
      import: per('IMPORT', 10),
      review: per('REVIEW', 10),
      exemption: per('EXEMPTION', 20),
      evaluation: per('EVALUATION', 5),
      partner: per('PARTNER', 6000),
      iot: per('IOT', 120),
    },
    booking: {
      maxActivePerRequester: positiveInt(env, 'BOOKING_QUOTA_MAX_ACTIVE', 10),
      maxActivePerPartner: positiveInt(env, 'BOOKING_QUOTA_MAX_ACTIVE_PER_PARTNER', 50),
      maxWindowHours: positiveInt(env, 'BOOKING_QUOTA_MAX_WINDOW_HOURS', 72),
      maxAheadDays: positiveInt(env, 'BOOKING_QUOTA_MAX_AHEAD_DAYS', 90),
    },
  };
}

/** What one gRPC server accepts, so that no partner (or anyone reaching the port) can exhaust it. */
export interface GrpcLimitsConfig {
  /** Open TCP connections; more are refused at accept. */
  maxConnections: number;
  /** Concurrent calls per connection (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS). */
  maxConcurrentStreams: number;
  /** Largest message received or sent; larger → RESOURCE_EXHAUSTED. */
  maxMessageBytes: number;
  /** Connections are closed (gracefully) after this age, and after this long without calls. */
  maxConnectionAgeMs: number;
  maxConnectionIdleMs: number;
  /** Server-side deadlines of one unary / one streaming call, whatever the client's (a shorter client deadline wins). */
  unaryDeadlineMs: number;
  streamDeadlineMs: number;
  /** Health: one status probe per interval for all callers, and at most this many Watch streams. */
  healthIntervalMs: number;
  maxHealthWatchers: number;
}

/** What `npm run demo` (and `npm run token` for it) passes as defaults, with `{ demo: true }`. */
export const DEMO_DEFAULTS: Readonly<Record<string, string>> = { AUTH_JWT_SECRET: DEMO_JWT_SECRET, BOOKING_PSEUDONYM_KEY: DEMO_PSEUDONYM_KEY };

export interface LoadOptions {
  /** Set by the demo command only: its published secrets are then accepted, bound to loopback. */
  demo?: boolean;
}

type Env = Record<string, string | undefined>;

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 0 || n > 65535) throw new ConfigError(name, 'must be a TCP port 0–65535', raw);
  return n;
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw new ConfigError(name, 'must be a positive integer', raw);
  return Number(raw);
}

/**
 * Node serves one request at a time per process; more processes put the other cores to work. Each
 * is a replica (its own search index and caches) over the shared PostgreSQL, so the embedded
 * database, which lives inside one process, cannot be shared.
 */
function gatewayProcesses(env: Env, databaseUrl: string | undefined, demo: boolean): number {
  const raw = env.GATEWAY_PROCESSES;
  if (raw === undefined || raw === '') return 1;
  const n = raw === 'auto' ? os.availableParallelism() : Number(raw);
  if (raw !== 'auto' && (!/^\d+$/.test(raw) || n < 1 || n > 64))
    throw new ConfigError('GATEWAY_PROCESSES', 'must be a whole number 1–64, or auto (one per core)', raw);
  if (n > 1 && (databaseUrl === undefined || demo))
    throw new ConfigError('GATEWAY_PROCESSES', 'more than one process needs DATABASE_URL: the embedded database lives inside one process', raw);
  return n;
}

function nonNegativeInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw new ConfigError(name, 'must be a whole number, 0 or more', raw);
  return Number(raw);
}

function atMost(env: Env, name: string, value: number, max: number): number {
  if (value > max) throw new ConfigError(name, `must be at most ${max}`, env[name]);
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL (${protocols.join(' or ')})`, raw);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `must be a URL (${protocols.join(' or ')})`, raw);
  return raw;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${values.join(', ')}`, raw);
  return raw as T;
}

function oneOfPattern(env: Env, name: string, pattern: RegExp, fallback: string, expected: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!pattern.test(raw)) throw new ConfigError(name, expected, raw);
  return raw;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(name, 'must be true or false', raw);
}

function file(env: Env, name: string, cwd: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const resolved = path.resolve(cwd, raw);
  if (!fs.existsSync(resolved)) throw new ConfigError(name, 'must name an existing file', raw);
  return resolved;
}

/** Whether the demo command runs, and where it listens: published values are bound to both. */
interface SecretScope {
  demo: boolean;
  host: string;
}

/** A secret, if set: long enough, and not a value the repository publishes (unless the demo runs it on loopback). */
function secret(env: Env, name: string, scope: SecretScope): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 32) throw new ConfigError(name, 'must be at least 32 characters', '<too short>');
  if (isPublishedDemoValue(raw)) refusePublished(name, scope);
  return raw;
}

/**
 * Any published value (a demo secret, demo partner or IoT gateway token, in whichever variable) would let anyone
 * mint tokens, compute pseudonyms, read metrics or speak as a partner: outside the demo it stops
 * start-up; the demo itself may use them on loopback only.
 */
function refusePublished(
  name: string,
  scope: SecretScope,
  detail = 'must not be a value the repository publishes (a demo secret, a demo partner or IoT gateway token) outside `npm run demo`',
  shown?: string,
): void {
  if (!scope.demo) throw new ConfigError(name, detail, shown ?? '<published demo value>');
  if (!LOOPBACK.test(scope.host)) throw new ConfigError('HOST', 'must be a loopback address while the demo runs on its published secrets', scope.host);
}

function grpcTls(env: Env, cwd: string): AppConfig['grpcTls'] {
  const certFile = file(env, 'GRPC_TLS_CERT_FILE', cwd);
  const keyFile = file(env, 'GRPC_TLS_KEY_FILE', cwd);
  const clientCaFile = file(env, 'GRPC_TLS_CLIENT_CA_FILE', cwd);
  if (!certFile && !keyFile && !clientCaFile) return undefined;
  if (!certFile || !keyFile)
    throw new ConfigError(certFile ? 'GRPC_TLS_KEY_FILE' : 'GRPC_TLS_CERT_FILE', 'must be set together with the other for gRPC TLS', undefined);
  return { certFile, keyFile, clientCaFile };
}

/**
 * gRPC in production: partners' tokens and records never travel in clear
 * text unless the operator says so (TLS terminated by a sidecar or mesh).
 */
function grpcSecurity(env: Env, cwd: string, nodeEnv: AppConfig['env']): Pick<AppConfig, 'grpcTls' | 'grpcLimits'> {
  const tls = grpcTls(env, cwd);
  const allowInsecure = bool(env, 'GRPC_ALLOW_INSECURE', false);
  if (nodeEnv === 'production' && !tls && !allowInsecure) {
    throw new ConfigError(
      'GRPC_TLS_CERT_FILE',
      'must be set (with GRPC_TLS_KEY_FILE) in production, or GRPC_ALLOW_INSECURE=true when TLS is terminated in front of the gateway',
      undefined,
    );
  }
  return {
    grpcTls: tls,
    grpcLimits: {
      maxConnections: positiveInt(env, 'GRPC_MAX_CONNECTIONS', 1_000),
      maxConcurrentStreams: positiveInt(env, 'GRPC_MAX_CONCURRENT_STREAMS', 256),
      maxMessageBytes: positiveInt(env, 'GRPC_MAX_MESSAGE_BYTES', 4 * 1024 * 1024),
      maxConnectionAgeMs: positiveInt(env, 'GRPC_MAX_CONNECTION_AGE_MS', 30 * 60_000),
      maxConnectionIdleMs: positiveInt(env, 'GRPC_MAX_CONNECTION_IDLE_MS', 5 * 60_000),
      unaryDeadlineMs: positiveInt(env, 'GRPC_UNARY_DEADLINE_MS', 30_000),
      streamDeadlineMs: positiveInt(env, 'GRPC_STREAM_DEADLINE_MS', 10 * 60_000),
      healthIntervalMs: positiveInt(env, 'GRPC_HEALTH_INTERVAL_MS', 2_000),
      maxHealthWatchers: positiveInt(env, 'GRPC_MAX_HEALTH_WATCHERS', 100),
    },
  };
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost)$/;

/** A secret nobody else knows: set, long enough, and not one the repository publishes (unless this is the demo). */
function requiredSecret(env: Env, name: string, scope: SecretScope): string {
  const value = secret(env, name, scope);
  if (value === undefined) throw new ConfigError(name, 'must be set to a secret of at least 32 characters (only `npm run demo` has defaults)', undefined);
  return value;
}

/** A key for one purpose, derived from a secret held for another (HKDF), so no secret keys two algorithms. */
function derivedKey(secretValue: string, purpose: string): string {
  return Buffer.from(hkdfSync('sha256', secretValue, 'yrd-gateway', purpose, 32)).toString('base64url');
}

/** Secrets, identity provider and token lifetime: the demo's defaults are refused everywhere but in the demo, on loopback. */
function authConfig(env: Env, scope: SecretScope): { auth: AppConfig['auth']; pseudonymKey: string; metrics: AppConfig['metrics'] } {
  const jwtSecret = requiredSecret(env, 'AUTH_JWT_SECRET', scope);
  const pseudonymKey = requiredSecret(env, 'BOOKING_PSEUDONYM_KEY', scope);
  // Pseudonyms must not be computable by whoever can verify (or mint) tokens.
  if (pseudonymKey === jwtSecret) throw new ConfigError('BOOKING_PSEUDONYM_KEY', 'must differ from AUTH_JWT_SECRET', '<the JWT secret>');
  const jwksUrl = url(env, 'AUTH_JWKS_URL', ['https:']);
  const issuer = env.AUTH_ISSUER || undefined;
  const audience = env.AUTH_AUDIENCE || undefined;
  // Without both, a token the provider issued for any other application would be accepted here.
  if (jwksUrl && !issuer) throw new ConfigError('AUTH_ISSUER', 'must be set with AUTH_JWKS_URL', undefined);
  if (jwksUrl && !audience) throw new ConfigError('AUTH_AUDIENCE', 'must be set with AUTH_JWKS_URL', undefined);
  const metricsToken = secret(env, 'METRICS_TOKEN', scope);
  if (metricsToken !== undefined && (metricsToken === jwtSecret || metricsToken === pseudonymKey)) {
    throw new ConfigError('METRICS_TOKEN', 'must differ from the other secrets', '<another secret>');
  }
  return {
    auth: { jwtSecret, jwksUrl, issuer, audience, maxTokenLifetimeSeconds: positiveInt(env, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS', 24 * 3600) },
    pseudonymKey,
    metrics: { token: metricsToken },
  };
}

/** Published partner tokens (or secrets) would let anyone act as a partner, or as us towards one. */
function refusePublishedPartnerTokens(partners: PartnerConfig[], file: string | undefined, scope: SecretScope): void {
  // Inbound tokens are kept only as digests: compare digests.
  const reused = partners.find((p) => isPublishedDemoDigest(p.inboundTokenSha256) || isPublishedDemoValue(p.outboundToken));
  if (reused)
    refusePublished(
      'PARTNERS_FILE',
      scope,
      `entry ${reused.id} uses a published demo value (a token of the demo's partners file or a demo secret), refused outside \`npm run demo\``,
      file,
    );
}

/** Gateway token digests the repository publishes would let anyone report power-on for the demo's units. */
function refusePublishedGatewayTokens(gateways: IotGatewayConfig[], file: string | undefined, scope: SecretScope): void {
  const reused = gateways.find((g) => isPublishedDemoDigest(g.tokenSha256));
  if (reused)
    refusePublished(
      'IOT_GATEWAYS_FILE',
      scope,
      `entry ${reused.id} uses a published demo value (a token of the demo's gateways or partners file, or a demo secret), refused outside \`npm run demo\``,
      file,
    );
}

/** Embedded PGlite is one process's database: production must name its server, or opt in knowingly. */
function databaseUrlFor(env: Env, nodeEnv: AppConfig['env']): string | undefined {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const allowEmbedded = bool(env, 'ALLOW_EMBEDDED_DATABASE', false);
  if (nodeEnv === 'production' && !databaseUrl && !allowEmbedded) {
    throw new ConfigError('DATABASE_URL', 'must be set in production (or ALLOW_EMBEDDED_DATABASE=true for a single-process deployment)', undefined);
  }
  return databaseUrl;
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd(), options: LoadOptions = {}): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const demo = options.demo === true;
  const host = env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1';
  const scope: SecretScope = { demo, host };
  // The demo hands a token for any role (admin too) to whoever asks: on its own secrets as on the
  // published ones, it may listen on loopback only, and never as a production deployment.
  if (demo && !LOOPBACK.test(host))
    throw new ConfigError('HOST', 'must be a loopback address while the demo runs: it mints a token for any role to whoever asks', host);
  if (demo && nodeEnv === 'production')
    throw new ConfigError('NODE_ENV', 'must not be production while the demo runs: it mints a token for any role to whoever asks', nodeEnv);
  const { auth, pseudonymKey, metrics } = authConfig(env, scope);
  const databaseUrl = databaseUrlFor(env, nodeEnv);
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  const partners = loadPartners(env.PARTNERS_FILE || undefined, cwd);
  refusePublishedPartnerTokens(partners, env.PARTNERS_FILE, scope);
  const iotGateways = loadIotGateways(env.IOT_GATEWAYS_FILE || undefined, cwd);
  refusePublishedGatewayTokens(iotGateways, env.IOT_GATEWAYS_FILE, scope);
  return {
    env: nodeEnv,
    demo,
    httpPort: port(env, 'HTTP_PORT', 3000),
    grpcPort: port(env, 'GRPC_PORT', 50051),
    host,
    databaseUrl,
    dataDir: path.resolve(cwd, env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : 'data'),
    redisUrl,
    queuePrefix: oneOfPattern(env, 'QUEUE_PREFIX', /^[a-z][a-z0-9_-]{0,30}$/, 'yrd', 'must be lower-case letters, digits, - or _ (≤ 31)'),
    auth,
    metrics,
    // Embedded mode has no separate worker process, so the gateway runs them.
    runWorkers: bool(env, 'RUN_WORKERS', true),
    processes: gatewayProcesses(env, databaseUrl, demo),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, nodeEnv === 'test' ? 'silent' : 'info'),
    bodyLimitBytes: positiveInt(env, 'BODY_LIMIT_BYTES', 1_000_000),
    importMaxBytes: positiveInt(env, 'IMPORT_MAX_BYTES', 50_000_000),
    region: 'jiaxing',
    ...grpcSecurity(env, cwd, nodeEnv),
    partners,
    search: {
      followIntervalMs: positiveInt(env, 'SEARCH_FOLLOW_INTERVAL_MS', 200),
      resultCacheSize: nonNegativeInt(env, 'SEARCH_RESULT_CACHE_SIZE', 1000),
      cacheMaxStaleMs: atMost(env, 'SEARCH_CACHE_MAX_STALE_MS', nonNegativeInt(env, 'SEARCH_CACHE_MAX_STALE_MS', 300), MAX_SEARCH_STALE_MS),
      cacheMetrics: bool(env, 'SEARCH_CACHE_METRICS', false),
    },
    // Its own key when given; else one derived from the token secret for this purpose only, so the
    // secret itself never keys a second algorithm and every replica derives the same key.
    federation: { cursorKey: secret(env, 'FEDERATION_CURSOR_KEY', scope) ?? derivedKey(auth.jwtSecret, 'yrd/federation/change-cursor/v1') },
    booking: {
      forwardTimeoutMs: positiveInt(env, 'BOOKING_FORWARD_TIMEOUT_MS', 15 * 60_000),
      sweepIntervalMs: positiveInt(env, 'BOOKING_SWEEP_INTERVAL_MS', 10_000),
      pseudonymKey,
      minLeadMinutes: nonNegativeInt(env, 'BOOKING_MIN_LEAD_MINUTES', 0),
    },
    limits: rateLimits(env),
    measures: { effectiveDate: calendarDate(env, 'MEASURES_EFFECTIVE_DATE', '2025-01-01') },
    usage: {
      ratedHours: ratedHours(env.USAGE_RATED_HOURS, 'USAGE_RATED_HOURS', 1600),
      ratedHoursByCategory: ratedHoursByCategory(env),
      iotGateways,
    },
    evaluation: { weights: evaluationWeights(env), grades: evaluationGrades(env) },
    reports: { minCellSize: positiveInt(env, 'REPORT_MIN_CELL_SIZE', 3) },
    console: {
      enabled: bool(env, 'CONSOLE_ENABLED', true),
      distDir: path.resolve(cwd, env.CONSOLE_DIST_DIR && env.CONSOLE_DIST_DIR !== '' ? env.CONSOLE_DIST_DIR : 'apps/console/dist'),
    },
  };
}

/**
 * For `main.ts`: print one line and exit non-zero on a bad value rather than a
 * stack trace.
 */
export function loadConfigOrExit(defaults: Env = {}, options: LoadOptions = {}): AppConfig {
  // Explicit settings win over a caller's defaults (e.g. the demo's partners file).
  return orExit(() =>
    loadConfig({ ...defaults, ...Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== '')) }, process.cwd(), options),
  );
}

/**
 * For `npm run token`: the token secret alone (AUTH_JWT_SECRET, checked as the
 * gateway checks it), else the demo's published one. It mints tokens on any
 * machine that holds the secret, without the rest of a gateway's settings.
 */
export function tokenSecretOrExit(env: Env = process.env): string {
  return orExit(() => secret(env, 'AUTH_JWT_SECRET', { demo: true, host: '127.0.0.1' }) ?? DEMO_JWT_SECRET);
}

function orExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
