import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import request from 'supertest';
import { CatalogServiceClient, HealthCheckResponse_ServingStatus, HealthClient } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { PARTNER_IN_TOKEN } from '../support/federation';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { inboundPartnersFile } from '../support/partners-file';

const DEVICE_TOKEN = 'auth-pipeline-iot-gateway-token-01';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * One authentication pipeline for both transports (docs/security.md): each
 * endpoint admits the kinds of credential it declares, and a credential of
 * another kind is unknown there, whichever transport it comes by.
 */
describe('one authentication pipeline for HTTP and gRPC', () => {
  let gw: TestGateway;
  let address: string;
  let admin: string;
  const clients: grpc.Client[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-pipeline-'));
  const partner = PARTNER_IN_TOKEN('shanghai');
  const partners = inboundPartnersFile(['shanghai']);

  beforeAll(async () => {
    const gateways = path.join(dir, 'iot-gateways.json');
    fs.writeFileSync(gateways, JSON.stringify([{ id: 'gw-a', unitIds: ['jx-u001'], tokenSha256: sha256(DEVICE_TOKEN) }]));
    gw = await startTestGateway('embedded', { PARTNERS_FILE: partners.file, IOT_GATEWAYS_FILE: gateways, GRPC_PORT: '0' });
    address = `127.0.0.1:${await startGrpc(gw.app)}`;
    admin = await gw.token('admin');
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    await gw?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    partners.remove();
  });

  const bearer = (token: string | undefined) => {
    const metadata = new grpc.Metadata();
    if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
    return metadata;
  };
  const search = (token: string | undefined) => {
    const client = new CatalogServiceClient(address, grpc.credentials.createInsecure());
    clients.push(client);
    return new Promise<grpc.ServiceError | null>((resolve) =>
      client.searchInstruments(
        { query: '', regions: [], categoryPrefix: '', pageSize: 1, pageToken: '' },
        bearer(token),
        { deadline: Date.now() + 10_000 },
        (e) => resolve(e),
      ),
    );
  };

  it("refuses a person's JWT, even an admin's, on a partner's RPC (UNAUTHENTICATED), and serves the partner's own token", async () => {
    expect(await search(admin)).toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    expect(await search(undefined)).toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    expect(await search(partner)).toBeNull();
  });

  it("refuses a partner's token on HTTP routes for people and on the IoT gateways' route with a 401 problem", async () => {
    for (const res of [
      await request(gw.server).get('/api/v1/purchase-reviews').set('Authorization', `Bearer ${partner}`),
      await request(gw.server).post('/api/v1/usage/power-events').set('Authorization', `Bearer ${partner}`).send({ events: [] }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it("opens the IoT gateways' route to a gateway's token only, never to a person's JWT", async () => {
    const power = (token: string) => request(gw.server).post('/api/v1/usage/power-events').set('Authorization', `Bearer ${token}`).send({ events: [] });
    expect((await power(admin)).status).toBe(401);
    // Admitted: the empty batch is then refused by the body's own check.
    expect((await power(DEVICE_TOKEN)).status).toBe(400);
  });

  it('keeps gRPC health open to callers without a credential, and to a partner that sends its own', async () => {
    const health = new HealthClient(address, grpc.credentials.createInsecure());
    clients.push(health);
    for (const token of [undefined, partner]) {
      const reply = await new Promise((resolve, reject) =>
        health.check({ service: '' }, bearer(token), { deadline: Date.now() + 10_000 }, (e, r) => (e ? reject(e) : resolve(r))),
      );
      expect(reply).toEqual({ status: HealthCheckResponse_ServingStatus.SERVING });
    }
  });
});
