import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import request from 'supertest';
import { CatalogServiceClient } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { startPartnerNode, type PartnerNode } from '../../apps/partner-node/src/partner-node';
import { createTestPki, type TestPki } from '../support/certificates';
import { eventually, GATEWAY_OUT_TOKEN, PARTNER_IN_TOKEN } from '../support/federation';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

describe('federation over mutual TLS', () => {
  let pki: TestPki;
  let node: PartnerNode;
  let gw: TestGateway;
  let address: string;

  beforeAll(async () => {
    pki = createTestPki();
    node = await startPartnerNode({
      region: 'shanghai',
      count: 150,
      acceptedTokens: [GATEWAY_OUT_TOKEN('shanghai')],
      tls: { certFile: pki.serverCert, keyFile: pki.serverKey, clientCaFile: pki.caCert },
    });
    const file = path.join(pki.dir, 'partners.json');
    fs.writeFileSync(
      file,
      JSON.stringify([
        {
          id: 'shanghai',
          region: 'shanghai',
          protocol: 'grpc',
          address: node.address,
          inboundToken: PARTNER_IN_TOKEN('shanghai'),
          outboundToken: GATEWAY_OUT_TOKEN('shanghai'),
          pullIntervalMs: 300,
          tls: { caFile: pki.caCert, certFile: pki.clientCert, keyFile: pki.clientKey },
        },
      ]),
    );
    gw = await startTestGateway('embedded', {
      PARTNERS_FILE: file,
      GRPC_PORT: '0',
      GRPC_TLS_CERT_FILE: pki.serverCert,
      GRPC_TLS_KEY_FILE: pki.serverKey,
      GRPC_TLS_CLIENT_CA_FILE: pki.caCert,
    });
    address = `127.0.0.1:${await startGrpc(gw.app)}`;
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await node?.close();
    fs.rmSync(pki.dir, { recursive: true, force: true });
  });

  it('pulls a partner that requires our client certificate', async () => {
    const token = await gw.token('admin');
    const expected = node.store.shareable().length;
    await eventually(
      async () => (await request(gw.server).get('/api/v1/federation/sources').set('Authorization', `Bearer ${token}`)).body.items[0],
      (s) => s.status === 'ok' && s.records === expected,
    );
  }, 60_000);

  const call = (credentials: grpc.ChannelCredentials) =>
    new Promise<grpc.ServiceError | null>((resolve) => {
      const client = new CatalogServiceClient(address, credentials);
      const metadata = new grpc.Metadata();
      metadata.set('authorization', `Bearer ${PARTNER_IN_TOKEN('shanghai')}`);
      client.getInstrument({ id: localInstrumentId('jx-u001', 'NONE') }, metadata, { deadline: Date.now() + 5_000 }, (error) => {
        client.close();
        resolve(error);
      });
    });
  const read = (file: string) => fs.readFileSync(file);

  it('serves partners that present a certificate from the trusted CA', async () => {
    const error = await call(grpc.credentials.createSsl(read(pki.caCert), read(pki.clientKey), read(pki.clientCert)));
    expect(error?.code).toBe(grpc.status.NOT_FOUND);
  });

  it('refuses a client without a certificate or with one from another CA', async () => {
    expect((await call(grpc.credentials.createSsl(read(pki.caCert))))?.code).toBe(grpc.status.UNAVAILABLE);
    expect((await call(grpc.credentials.createSsl(read(pki.caCert), read(pki.strangerKey), read(pki.strangerCert))))?.code).toBe(grpc.status.UNAVAILABLE);
    expect((await call(grpc.credentials.createInsecure()))?.code).toBe(grpc.status.UNAVAILABLE);
  });
});
