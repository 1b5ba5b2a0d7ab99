import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, ConfigError, DEMO_JWT_SECRET, DEMO_PSEUDONYM_KEY, DEMO_DEFAULTS } from '@app/config';
import { DEMO_PARTNER_TOKEN_SHA256 } from './published-demo-values';

const REPO = path.resolve(__dirname, '../../..');
const DEMO_PARTNERS = path.join(REPO, 'config/demo/partners.json');

/** Secrets made up for this run: nothing real-looking is committed. */
const SECRETS = { AUTH_JWT_SECRET: randomBytes(24).toString('base64url'), BOOKING_PSEUDONYM_KEY: randomBytes(24).toString('base64url') };

const refusal = (variable: string) => new RegExp(`^Invalid configuration: ${variable} `);

describe('configuration (read once, validated at start-up)', () => {
  it('runs on embedded defaults once given its two secrets', () => {
    const c = loadConfig(SECRETS, '/srv/app');
    expect(c).toMatchObject({ httpPort: 3000, grpcPort: 50051, databaseUrl: undefined, redisUrl: undefined, runWorkers: true, reports: { minCellSize: 3 } });
    expect(c.dataDir).toBe('/srv/app/data');
    // Kept search answers may miss ordinary changes for a few hundred ms, never more unless configured.
    expect(c.search).toMatchObject({ cacheMaxStaleMs: 300, cacheMetrics: false });
    expect(loadConfig({ ...SECRETS, SEARCH_CACHE_MAX_STALE_MS: '0' }).search.cacheMaxStaleMs).toBe(0);
    expect(c.auth.jwtSecret).toBe(SECRETS.AUTH_JWT_SECRET);
    expect(c.booking.pseudonymKey).toBe(SECRETS.BOOKING_PSEUDONYM_KEY);
  });

  it.each([
    [{ HTTP_PORT: 'eighty' }, 'HTTP_PORT'],
    [{ GRPC_PORT: '70000' }, 'GRPC_PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ RUN_WORKERS: 'maybe' }, 'RUN_WORKERS'],
    [{ REPORT_MIN_CELL_SIZE: '0' }, 'REPORT_MIN_CELL_SIZE'],
    [{ SEARCH_CACHE_MAX_STALE_MS: '-1' }, 'SEARCH_CACHE_MAX_STALE_MS'],
    [{ SEARCH_CACHE_MAX_STALE_MS: '60000' }, 'SEARCH_CACHE_MAX_STALE_MS'],
  ])('%j stops start-up naming %s', (env, variable) => {
    expect(() => loadConfig({ ...SECRETS, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...SECRETS, ...env })).toThrow(refusal(variable));
  });

  it('accepts a real PostgreSQL and Redis', () => {
    const c = loadConfig({ ...SECRETS, DATABASE_URL: 'postgres://127.0.0.1:5432/test', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(c.databaseUrl).toBe('postgres://127.0.0.1:5432/test');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
  });
});

describe('secrets fail closed: only the demo command runs on demo secrets', () => {
  it.each(['development', 'test', 'production', undefined])('NODE_ENV=%s without AUTH_JWT_SECRET refuses to start', (nodeEnv) => {
    const env = { BOOKING_PSEUDONYM_KEY: SECRETS.BOOKING_PSEUDONYM_KEY, DATABASE_URL: 'postgres://db/yrd', ...(nodeEnv ? { NODE_ENV: nodeEnv } : {}) };
    expect(() => loadConfig(env)).toThrow(refusal('AUTH_JWT_SECRET'));
  });

  it.each(['development', 'test', 'production', undefined])('NODE_ENV=%s refuses the published demo secret outside the demo', (nodeEnv) => {
    const env = { ...SECRETS, AUTH_JWT_SECRET: DEMO_JWT_SECRET, DATABASE_URL: 'postgres://db/yrd', ...(nodeEnv ? { NODE_ENV: nodeEnv } : {}) };
    expect(() => loadConfig(env)).toThrow(refusal('AUTH_JWT_SECRET'));
  });

  it('refuses the demo pseudonym key outside the demo', () => {
    expect(() => loadConfig({ ...SECRETS, BOOKING_PSEUDONYM_KEY: DEMO_PSEUDONYM_KEY })).toThrow(refusal('BOOKING_PSEUDONYM_KEY'));
  });

  it("refuses the demo partners' tokens outside the demo, even copied into another file", () => {
    expect(() => loadConfig({ ...SECRETS, PARTNERS_FILE: DEMO_PARTNERS })).toThrow(refusal('PARTNERS_FILE'));
    const demo = JSON.parse(fs.readFileSync(DEMO_PARTNERS, 'utf8')) as { inboundToken: string }[];
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'partners-')), 'partners.json');
    const own = {
      id: 'shanghai',
      region: 'shanghai',
      protocol: 'grpc',
      address: '127.0.0.1:50061',
      inboundToken: demo[0].inboundToken,
      outboundToken: randomBytes(16).toString('hex'),
    };
    fs.writeFileSync(copy, JSON.stringify([own]));
    expect(() => loadConfig({ ...SECRETS, PARTNERS_FILE: copy })).toThrow(/PARTNERS_FILE .*demo/);
  });

  describe('every published value is refused in every secret variable, not only in its own', () => {
    /** Production on every interface: the deployment the review reproduced. */
    const PRODUCTION = { ...SECRETS, NODE_ENV: 'production', HOST: '0.0.0.0', DATABASE_URL: 'postgres://db/yrd', GRPC_ALLOW_INSECURE: 'true' };
    const published: [string, string][] = [
      ['the demo JWT secret', DEMO_JWT_SECRET],
      ['the demo pseudonym key', DEMO_PSEUDONYM_KEY],
    ];

    it('refuses the two demo secrets swapped (anyone could mint admin tokens with the published pseudonym key)', () => {
      expect(() => loadConfig({ ...PRODUCTION, AUTH_JWT_SECRET: DEMO_PSEUDONYM_KEY, BOOKING_PSEUDONYM_KEY: DEMO_JWT_SECRET })).toThrow(
        refusal('AUTH_JWT_SECRET'),
      );
      expect(() => loadConfig({ ...PRODUCTION, BOOKING_PSEUDONYM_KEY: DEMO_JWT_SECRET })).toThrow(refusal('BOOKING_PSEUDONYM_KEY'));
    });

    it.each(
      ['AUTH_JWT_SECRET', 'BOOKING_PSEUDONYM_KEY', 'METRICS_TOKEN', 'FEDERATION_CURSOR_KEY'].flatMap((variable) =>
        published.map(([what, value]) => [variable, what, value]),
      ),
    )('%s set to %s stops start-up', (variable, _what, value) => {
      expect(() => loadConfig({ ...PRODUCTION, [variable]: value })).toThrow(refusal(variable));
    });

    it('still starts on secrets of its own', () => {
      const own = { METRICS_TOKEN: randomBytes(24).toString('base64url'), FEDERATION_CURSOR_KEY: randomBytes(24).toString('base64url') };
      expect(loadConfig({ ...PRODUCTION, ...own })).toMatchObject({
        metrics: { token: own.METRICS_TOKEN },
        federation: { cursorKey: own.FEDERATION_CURSOR_KEY },
      });
    });

    const partnersFile = (tokens: { inboundToken: string; outboundToken: string }) => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'partners-')), 'partners.json');
      fs.writeFileSync(file, JSON.stringify([{ id: 'shanghai', region: 'shanghai', protocol: 'grpc', address: '127.0.0.1:50061', ...tokens }]));
      return file;
    };
    const demoPartners = () => JSON.parse(fs.readFileSync(DEMO_PARTNERS, 'utf8')) as { id: string; inboundToken: string; outboundToken: string }[];

    it.each([
      [
        "a demo partner's inbound token as our outbound token",
        () => ({ inboundToken: randomBytes(16).toString('hex'), outboundToken: demoPartners()[1].inboundToken }),
      ],
      [
        "a demo partner's outbound token as its inbound token",
        () => ({ inboundToken: demoPartners()[2].outboundToken, outboundToken: randomBytes(16).toString('hex') }),
      ],
      ['the demo JWT secret as a partner token', () => ({ inboundToken: DEMO_JWT_SECRET, outboundToken: randomBytes(16).toString('hex') })],
      ['the demo pseudonym key as a partner token', () => ({ inboundToken: randomBytes(16).toString('hex'), outboundToken: DEMO_PSEUDONYM_KEY })],
    ])('refuses %s in PARTNERS_FILE', (_case, tokens) => {
      expect(() => loadConfig({ ...PRODUCTION, PARTNERS_FILE: partnersFile(tokens()) })).toThrow(
        /^Invalid configuration: PARTNERS_FILE .*published demo value/,
      );
    });

    it("keeps the digests in code equal to config/demo/partners.json's tokens, so they cannot drift", () => {
      const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
      expect(DEMO_PARTNER_TOKEN_SHA256).toEqual(
        Object.fromEntries(demoPartners().map((p) => [p.id, { inbound: digest(p.inboundToken), outbound: digest(p.outboundToken) }])),
      );
    });

    it("refuses the demo partners' tokens even where config/demo/partners.json is not deployed", () => {
      const file = partnersFile({ inboundToken: demoPartners()[0].inboundToken, outboundToken: randomBytes(16).toString('hex') });
      // A process in which the demo file does not exist, as in a deployment that ships without it.
      const hideDemoFile = `
        const fs = require('node:fs'), path = require('node:path');
        const hidden = path.resolve('config/demo/partners.json');
        const missing = (p) => { try { return path.resolve(String(p)) === hidden; } catch { return false; } };
        const exists = fs.existsSync, read = fs.readFileSync;
        fs.existsSync = (p, ...rest) => (missing(p) ? false : exists(p, ...rest));
        fs.readFileSync = (p, ...rest) => { if (missing(p)) throw Object.assign(new Error('ENOENT: ' + hidden), { code: 'ENOENT' }); return read(p, ...rest); };
        const { loadConfig } = require('./libs/config/src/index.ts');
        try { loadConfig(JSON.parse(process.argv[1])); process.stdout.write('started'); } catch (error) { process.stdout.write(error.message); }`;
      const env = { ...PRODUCTION, PARTNERS_FILE: file };
      const answer = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', hideDemoFile, JSON.stringify(env)], {
        cwd: REPO,
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
      });
      expect(answer).toMatch(/^Invalid configuration: PARTNERS_FILE .*demo/);
    });
  });

  it('lets the demo command run on its published defaults, on loopback only', () => {
    const c = loadConfig({ ...DEMO_DEFAULTS, PARTNERS_FILE: DEMO_PARTNERS }, REPO, { demo: true });
    expect(c.auth.jwtSecret).toBe(DEMO_JWT_SECRET);
    expect(c.booking.pseudonymKey).toBe(DEMO_PSEUDONYM_KEY);
    expect(c.partners.length).toBeGreaterThan(0);
    expect(loadConfig({ ...DEMO_DEFAULTS, HOST: '::1' }, REPO, { demo: true }).host).toBe('::1');
    expect(() => loadConfig({ ...DEMO_DEFAULTS, HOST: '0.0.0.0' }, REPO, { demo: true })).toThrow(refusal('HOST'));
    expect(() => loadConfig({ ...DEMO_DEFAULTS, HOST: '192.168.1.20' }, REPO, { demo: true })).toThrow(refusal('HOST'));
  });

  it('binds the demo, whose tokens anyone may mint, to loopback and outside production, whatever its secrets', () => {
    // Own secrets and no published file: nothing published to refuse, yet the minting endpoint would serve the network.
    const own = { ...SECRETS, IOT_GATEWAYS_FILE: '', PARTNERS_FILE: '' };
    expect(loadConfig(own, REPO, { demo: true }).demo).toBe(true);
    expect(() => loadConfig({ ...own, HOST: '0.0.0.0' }, REPO, { demo: true })).toThrow(refusal('HOST'));
    expect(() => loadConfig({ ...own, HOST: '10.1.2.3' }, REPO, { demo: true })).toThrow(refusal('HOST'));
    expect(() => loadConfig({ ...own, NODE_ENV: 'production', DATABASE_URL: 'postgres://db/yrd' }, REPO, { demo: true })).toThrow(refusal('NODE_ENV'));
    // Only the demo command sets it: no variable turns it on.
    expect(loadConfig({ ...SECRETS, DEMO: 'true', NPM_LIFECYCLE_EVENT: 'demo', HOST: '0.0.0.0' }, REPO).demo).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['shorter than 32 characters', 'too-short-pseudonym-key'],
    ['the JWT secret', SECRETS.AUTH_JWT_SECRET],
  ])('refuses a pseudonym key that is %s', (_case, key) => {
    expect(() => loadConfig({ ...SECRETS, BOOKING_PSEUDONYM_KEY: key })).toThrow(refusal('BOOKING_PSEUDONYM_KEY'));
  });

  it.each([
    [{ AUTH_JWKS_URL: 'http://idp.example/jwks.json', AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'yrd' }, 'AUTH_JWKS_URL'],
    [{ AUTH_JWKS_URL: 'https://idp.example/jwks.json', AUTH_AUDIENCE: 'yrd' }, 'AUTH_ISSUER'],
    [{ AUTH_JWKS_URL: 'https://idp.example/jwks.json', AUTH_ISSUER: 'https://idp.example' }, 'AUTH_AUDIENCE'],
  ])('an identity provider %j needs https, an issuer and an audience (%s)', (env, variable) => {
    expect(() => loadConfig({ ...SECRETS, ...env })).toThrow(refusal(variable));
  });

  it('accepts an identity provider over https with issuer and audience', () => {
    const c = loadConfig({ ...SECRETS, AUTH_JWKS_URL: 'https://idp.example/jwks.json', AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'yrd' });
    expect(c.auth).toMatchObject({ jwksUrl: 'https://idp.example/jwks.json', issuer: 'https://idp.example', audience: 'yrd' });
  });
});

describe('gateway processes on one host', () => {
  const pg = { ...SECRETS, DATABASE_URL: 'postgres://db.internal:5432/yrd' };
  it('runs one process unless told otherwise, and one per core with auto', () => {
    expect(loadConfig(pg).processes).toBe(1);
    expect(loadConfig({ ...pg, GATEWAY_PROCESSES: '3' }).processes).toBe(3);
    expect(loadConfig({ ...pg, GATEWAY_PROCESSES: 'auto' }).processes).toBe(os.availableParallelism());
  });
  it.each(['0', '-1', 'two', '65', '1.5'])('refuses GATEWAY_PROCESSES=%s', (value) => {
    expect(() => loadConfig({ ...pg, GATEWAY_PROCESSES: value })).toThrow(refusal('GATEWAY_PROCESSES'));
  });
  it('refuses several processes on the embedded database, which lives inside one process', () => {
    expect(() => loadConfig({ ...SECRETS, GATEWAY_PROCESSES: '2' })).toThrow(refusal('GATEWAY_PROCESSES'));
    expect(loadConfig({ ...SECRETS, GATEWAY_PROCESSES: '1' }).processes).toBe(1);
  });
});

describe('embedded database in production', () => {
  it('refuses NODE_ENV=production without DATABASE_URL', () => {
    expect(() => loadConfig({ ...SECRETS, NODE_ENV: 'production' })).toThrow(refusal('DATABASE_URL'));
  });

  it('runs embedded in production only when explicitly allowed', () => {
    expect(loadConfig({ ...SECRETS, NODE_ENV: 'production', ALLOW_EMBEDDED_DATABASE: 'true', GRPC_ALLOW_INSECURE: 'true' }).databaseUrl).toBeUndefined();
    expect(() => loadConfig({ ...SECRETS, NODE_ENV: 'production', ALLOW_EMBEDDED_DATABASE: 'perhaps' })).toThrow(refusal('ALLOW_EMBEDDED_DATABASE'));
  });
});

describe('token lifetime and metrics credentials', () => {
  it('caps token lifetime at 24 h unless configured', () => {
    expect(loadConfig(SECRETS).auth.maxTokenLifetimeSeconds).toBe(86_400);
    expect(loadConfig({ ...SECRETS, AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }).auth.maxTokenLifetimeSeconds).toBe(3_600);
    expect(() => loadConfig({ ...SECRETS, AUTH_MAX_TOKEN_LIFETIME_SECONDS: '1e300' })).toThrow(refusal('AUTH_MAX_TOKEN_LIFETIME_SECONDS'));
  });

  it('takes a scrape token of at least 32 characters', () => {
    expect(loadConfig(SECRETS).metrics.token).toBeUndefined();
    const token = randomBytes(24).toString('base64url');
    expect(loadConfig({ ...SECRETS, METRICS_TOKEN: token }).metrics.token).toBe(token);
    expect(() => loadConfig({ ...SECRETS, METRICS_TOKEN: 'short' })).toThrow(refusal('METRICS_TOKEN'));
    expect(() => loadConfig({ ...SECRETS, METRICS_TOKEN: SECRETS.AUTH_JWT_SECRET })).toThrow(refusal('METRICS_TOKEN'));
  });
});

describe('gRPC transport security and limits', () => {
  const production = { ...SECRETS, NODE_ENV: 'production', DATABASE_URL: 'postgres://db/yrd' };

  it('refuses to serve gRPC in clear text in production unless told so explicitly', () => {
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/^Invalid configuration: GRPC_TLS_CERT_FILE .*GRPC_ALLOW_INSECURE/);
    expect(loadConfig({ ...production, GRPC_ALLOW_INSECURE: 'true' }).grpcTls).toBeUndefined();
  });

  it('bounds connections, streams, message sizes and server-side deadlines by default', () => {
    expect(loadConfig(SECRETS).grpcLimits).toEqual({
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

  it.each(['GRPC_MAX_CONNECTIONS', 'GRPC_MAX_MESSAGE_BYTES', 'GRPC_UNARY_DEADLINE_MS', 'GRPC_ALLOW_INSECURE'])(
    'a bad %s stops start-up naming it',
    (variable) => {
      expect(() => loadConfig({ ...SECRETS, [variable]: '-1' })).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
    },
  );
});
