import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from './config-error';
import { loadPartners, type PartnerConfig } from './partners';

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
  auth: {
    jwtSecret: string;
    jwksUrl?: string;
    issuer?: string;
    audience?: string;
  };
  /** Run queue consumers inside the gateway process (embedded default). */
  runWorkers: boolean;
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
  };
  booking: {
    /** A booking of a partner instrument the partner has not acknowledged by then fails (capped at the window's start). */
    forwardTimeoutMs: number;
    /** How often PostgreSQL is checked for unfinished forwards and cancellations (Redis can lose jobs). */
    sweepIntervalMs: number;
    /** Key of the pseudonyms partners see instead of our users' ids (Art. 17); keep it stable. */
    pseudonymKey: string;
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

/** The demo's published secret; refused in production so it can never guard real data. */
export const DEMO_JWT_SECRET = 'yrd-demo-secret-change-me-0123456789';

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

function nonNegativeInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw new ConfigError(name, 'must be a whole number, 0 or more', raw);
  return Number(raw);
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

function secret(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 32) throw new ConfigError(name, 'must be at least 32 characters', '<too short>');
  return raw;
}

function grpcTls(env: Env, cwd: string): AppConfig['grpcTls'] {
  const certFile = file(env, 'GRPC_TLS_CERT_FILE', cwd);
  const keyFile = file(env, 'GRPC_TLS_KEY_FILE', cwd);
  const clientCaFile = file(env, 'GRPC_TLS_CLIENT_CA_FILE', cwd);
  if (!certFile && !keyFile && !clientCaFile) return undefined;
  if (!certFile || !keyFile) throw new ConfigError(certFile ? 'GRPC_TLS_KEY_FILE' : 'GRPC_TLS_CERT_FILE', 'must be set together with the other for gRPC TLS', undefined);
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
    throw new ConfigError('GRPC_TLS_CERT_FILE', 'must be set (with GRPC_TLS_KEY_FILE) in production, or GRPC_ALLOW_INSECURE=true when TLS is terminated in front of the gateway', undefined);
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

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const jwtSecret = env.AUTH_JWT_SECRET ?? (nodeEnv === 'production' ? undefined : DEMO_JWT_SECRET);
  if (!jwtSecret || jwtSecret.length < 32) {
    throw new ConfigError('AUTH_JWT_SECRET', 'must be set to at least 32 characters', jwtSecret ? '<too short>' : undefined);
  }
  if (nodeEnv === 'production' && jwtSecret === DEMO_JWT_SECRET) {
    throw new ConfigError('AUTH_JWT_SECRET', 'must not be the demo secret in production', '<demo secret>');
  }
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  return {
    env: nodeEnv,
    httpPort: port(env, 'HTTP_PORT', 3000),
    grpcPort: port(env, 'GRPC_PORT', 50051),
    host: env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(cwd, env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : 'data'),
    redisUrl,
    queuePrefix: oneOfPattern(env, 'QUEUE_PREFIX', /^[a-z][a-z0-9_-]{0,30}$/, 'yrd', 'must be lower-case letters, digits, - or _ (≤ 31)'),
    auth: {
      jwtSecret,
      jwksUrl: url(env, 'AUTH_JWKS_URL', ['https:', 'http:']),
      issuer: env.AUTH_ISSUER || undefined,
      audience: env.AUTH_AUDIENCE || undefined,
    },
    // Embedded mode has no separate worker process, so the gateway runs them.
    runWorkers: bool(env, 'RUN_WORKERS', true),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, nodeEnv === 'test' ? 'silent' : 'info'),
    bodyLimitBytes: positiveInt(env, 'BODY_LIMIT_BYTES', 1_000_000),
    importMaxBytes: positiveInt(env, 'IMPORT_MAX_BYTES', 50_000_000),
    region: 'jiaxing',
    ...grpcSecurity(env, cwd, nodeEnv),
    partners: loadPartners(env.PARTNERS_FILE || undefined, cwd),
    search: { followIntervalMs: positiveInt(env, 'SEARCH_FOLLOW_INTERVAL_MS', 200), resultCacheSize: nonNegativeInt(env, 'SEARCH_RESULT_CACHE_SIZE', 1000) },
    booking: {
      forwardTimeoutMs: positiveInt(env, 'BOOKING_FORWARD_TIMEOUT_MS', 15 * 60_000),
      sweepIntervalMs: positiveInt(env, 'BOOKING_SWEEP_INTERVAL_MS', 10_000),
      pseudonymKey: secret(env, 'BOOKING_PSEUDONYM_KEY') ?? jwtSecret,
    },
  };
}

/**
 * For `main.ts`: print one line and exit non-zero on a bad value rather than a
 * stack trace.
 */
export function loadConfigOrExit(defaults: Env = {}): AppConfig {
  try {
    // Explicit settings win over a caller's defaults (e.g. the demo's partners file).
    return loadConfig({ ...defaults, ...Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== '')) });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
