import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { loadConfig } from '@app/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startGateway } from '../../apps/gateway/src/bootstrap';
import { openTestDatabase } from '../support/databases';
import { freePort, REPO_ROOT } from '../support/processes';
import { TEST_SECRETS } from '../support/secrets';

describe('gRPC server: health and reflection', () => {
  let app: NestFastifyApplication;
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let address: string;
  /** Database probes made by anyone (counted at the injected database itself). */
  let probes = 0;
  const WATCHERS = 20;

  beforeAll(async () => {
    database = await openTestDatabase('embedded');
    const ping = database.ping.bind(database);
    database.ping = () => {
      probes += 1;
      return ping();
    };
    const [httpPort, grpcPort] = [await freePort(), await freePort()];
    address = `127.0.0.1:${grpcPort}`;
    // An interval far longer than the suite: every answer must come from the status probed at start.
    const env = {
      ...TEST_SECRETS,
      LOG_LEVEL: 'silent',
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      GRPC_HEALTH_INTERVAL_MS: '3600000',
      GRPC_MAX_HEALTH_WATCHERS: String(WATCHERS),
    };
    app = await startGateway(loadConfig(env), { database });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const client = (proto: string, pkg: string[], service: string) => {
    const definition = protoLoader.loadSync(proto, {
      enums: String,
      includeDirs: [path.join(REPO_ROOT, 'proto'), path.join(path.dirname(require.resolve('@grpc/reflection/package.json')), 'build')],
    });
    let ctor: any = grpc.loadPackageDefinition(definition);
    for (const part of pkg) ctor = ctor[part];
    return new ctor[service](address, grpc.credentials.createInsecure());
  };

  it('answers SERVING for the server when the database and the queue answer', async () => {
    const health = client('grpc/health/v1/health.proto', ['grpc', 'health', 'v1'], 'Health');
    const reply = await new Promise<any>((resolve, reject) =>
      health.Check({ service: '' }, { deadline: Date.now() + 5_000 }, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))),
    );
    expect(reply.status).toBe('SERVING');
    health.close();
  });

  it('answers SERVING for each service of the contract a partner may check, usage and indicators included', async () => {
    const health = client('grpc/health/v1/health.proto', ['grpc', 'health', 'v1'], 'Health');
    for (const service of ['CatalogService', 'BookingService', 'UsageService', 'IndicatorService'].map((s) => `yrd.federation.v1.${s}`)) {
      const reply = await new Promise<any>((resolve, reject) =>
        health.Check({ service }, { deadline: Date.now() + 5_000 }, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))),
      );
      expect({ service, status: reply.status }).toEqual({ service, status: 'SERVING' });
    }
    health.close();
  });

  it('answers NOT_FOUND for a service it does not serve', async () => {
    const health = client('grpc/health/v1/health.proto', ['grpc', 'health', 'v1'], 'Health');
    const error = await new Promise<grpc.ServiceError>((resolve) =>
      health.Check({ service: 'no.such.Service' }, { deadline: Date.now() + 5_000 }, (e: grpc.ServiceError) => resolve(e)),
    );
    expect(error.code).toBe(grpc.status.NOT_FOUND);
    health.close();
  });

  it('serves any number of Check calls and Watch streams without touching the database, and caps the watchers', async () => {
    const health = client('grpc/health/v1/health.proto', ['grpc', 'health', 'v1'], 'Health');
    const before = probes;
    const calls: grpc.ClientReadableStream<unknown>[] = [];
    const first = await Promise.all(
      Array.from(
        { length: WATCHERS },
        () =>
          new Promise<any>((resolve, reject) => {
            const call = health.Watch({ service: '' });
            calls.push(call);
            call.once('data', resolve);
            call.once('error', reject);
          }),
      ),
    );
    expect(first.every((m) => m.status === 'SERVING')).toBe(true);
    for (let i = 0; i < WATCHERS; i++) {
      await new Promise<void>((resolve, reject) =>
        health.Check({ service: '' }, { deadline: Date.now() + 5_000 }, (e: Error | null) => (e ? reject(e) : resolve())),
      );
    }
    const refused = await new Promise<grpc.ServiceError>((resolve) => {
      const call = health.Watch({ service: '' });
      call.on('data', () => undefined);
      call.on('error', resolve);
    });
    expect(refused.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(probes - before).toBe(0);
    for (const call of calls) call.cancel();
    health.close();
  });

  it('lists its services through server reflection', async () => {
    const reflection = client('proto/grpc/reflection/v1alpha/reflection.proto', ['grpc', 'reflection', 'v1alpha'], 'ServerReflection');
    const call = reflection.ServerReflectionInfo();
    const reply = await new Promise<any>((resolve, reject) => {
      call.on('data', resolve);
      call.on('error', reject);
      call.write({ listServices: '*' });
    });
    call.end();
    expect(reply.listServicesResponse.service.map((s: { name: string }) => s.name)).toContain('grpc.health.v1.Health');
    reflection.close();
  });
});
