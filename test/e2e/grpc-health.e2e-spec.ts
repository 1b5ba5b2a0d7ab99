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

  beforeAll(async () => {
    database = await openTestDatabase('embedded');
    const [httpPort, grpcPort] = [await freePort(), await freePort()];
    address = `127.0.0.1:${grpcPort}`;
    app = await startGateway(loadConfig({ ...TEST_SECRETS, LOG_LEVEL: 'silent', HTTP_PORT: String(httpPort), GRPC_PORT: String(grpcPort) }), { database });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const client = (proto: string, pkg: string[], service: string) => {
    const definition = protoLoader.loadSync(proto, { enums: String, includeDirs: [path.join(REPO_ROOT, 'proto'), path.join(path.dirname(require.resolve('@grpc/reflection/package.json')), 'build')] });
    let ctor: any = grpc.loadPackageDefinition(definition);
    for (const part of pkg) ctor = ctor[part];
    return new ctor[service](address, grpc.credentials.createInsecure());
  };

  it('answers SERVING for the server when the database and the queue answer', async () => {
    const health = client('grpc/health/v1/health.proto', ['grpc', 'health', 'v1'], 'Health');
    const reply = await new Promise<any>((resolve, reject) => health.Check({ service: '' }, { deadline: Date.now() + 5_000 }, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))));
    expect(reply.status).toBe('SERVING');
    health.close();
  });

  it('answers NOT_FOUND for a service it does not serve', async () => {
    const health = client('grpc/health/v1/health.proto', ['grpc', 'health', 'v1'], 'Health');
    const error = await new Promise<grpc.ServiceError>((resolve) => health.Check({ service: 'no.such.Service' }, { deadline: Date.now() + 5_000 }, (e: grpc.ServiceError) => resolve(e)));
    expect(error.code).toBe(grpc.status.NOT_FOUND);
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
