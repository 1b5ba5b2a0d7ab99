import { loadConfig, ConfigError, DEMO_JWT_SECRET } from '@app/config';

describe('configuration (read once, validated at start-up)', () => {
  it('runs on embedded defaults with no variables at all', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({ httpPort: 3000, grpcPort: 50051, databaseUrl: undefined, redisUrl: undefined, runWorkers: true });
    expect(c.dataDir).toBe('/srv/app/data');
    expect(c.auth.jwtSecret).toBe(DEMO_JWT_SECRET);
  });

  it.each([
    [{ HTTP_PORT: 'eighty' }, 'HTTP_PORT'],
    [{ GRPC_PORT: '70000' }, 'GRPC_PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET'],
    [{ NODE_ENV: 'production' }, 'AUTH_JWT_SECRET'],
    [{ NODE_ENV: 'production', AUTH_JWT_SECRET: DEMO_JWT_SECRET }, 'AUTH_JWT_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ RUN_WORKERS: 'maybe' }, 'RUN_WORKERS'],
  ])('%j stops start-up naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it('accepts a real PostgreSQL and Redis', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://127.0.0.1:5432/test', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(c.databaseUrl).toBe('postgres://127.0.0.1:5432/test');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
  });
});

describe('gRPC transport security and limits', () => {
  const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-real-secret-of-at-least-32-characters' };

  it('refuses to serve gRPC in clear text in production unless told so explicitly', () => {
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/^Invalid configuration: GRPC_TLS_CERT_FILE .*GRPC_ALLOW_INSECURE/);
    expect(loadConfig({ ...production, GRPC_ALLOW_INSECURE: 'true' }).grpcTls).toBeUndefined();
  });

  it('bounds connections, streams, message sizes and server-side deadlines by default', () => {
    expect(loadConfig({}).grpcLimits).toEqual({
      maxConnections: 1_000,
      maxConcurrentStreams: 256,
      maxMessageBytes: 4 * 1024 * 1024,
      maxConnectionAgeMs: 1_800_000,
      maxConnectionIdleMs: 300_000,
      unaryDeadlineMs: 30_000,
      streamDeadlineMs: 600_000,
      healthIntervalMs: 2_000,
      maxHealthWatchers: 100,
    });
  });

  it.each(['GRPC_MAX_CONNECTIONS', 'GRPC_MAX_MESSAGE_BYTES', 'GRPC_UNARY_DEADLINE_MS', 'GRPC_ALLOW_INSECURE'])('a bad %s stops start-up naming it', (variable) => {
    expect(() => loadConfig({ [variable]: '-1' })).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });
});
