import { startPartnerNode, type PartnerNode } from '../../apps/partner-node/src/partner-node';
import { PartnerBookingClient } from '../../libs/booking/src/clients/partner-booking.clients';
import { FaultProxy } from '../faults/harness/fault-proxy';
import { GATEWAY_OUT_TOKEN, eventually } from '../support/federation';

/**
 * A partner that accepted our connection and never answered, then came back:
 * grpc-js waits for the first HTTP/2 SETTINGS without a timeout, so the
 * channel stayed stuck connecting and every booking forward failed its
 * deadline for as long as that connection lived (found by the fault suite).
 */
describe('a partner channel stuck on a connection that never answered', () => {
  let node: PartnerNode;
  let proxy: FaultProxy;

  beforeAll(async () => {
    node = await startPartnerNode({ region: 'shanghai', count: 10, seed: 2, acceptedTokens: [GATEWAY_OUT_TOKEN('shanghai')] });
    const [host, port] = node.address.split(':');
    proxy = await FaultProxy.start('shanghai', { host, port: Number(port) });
  });
  afterAll(async () => {
    await proxy?.close();
    await node?.close();
  });

  it('dials afresh once the partner answers again', async () => {
    const client = new PartnerBookingClient({
      id: 'shanghai',
      region: 'shanghai',
      protocol: 'grpc',
      address: proxy.address,
      inboundTokenSha256: '',
      outboundToken: GATEWAY_OUT_TOKEN('shanghai'),
      pullIntervalMs: 1_000,
      deadlineMs: 300,
    });
    const instrumentId = node.store.shareable()[0].stored.instrument.id;
    const ask = () =>
      client.checkAvailability(instrumentId, new Date('2026-12-01T00:00:00Z'), new Date('2026-12-02T00:00:00Z')).then(
        () => 'answered',
        (e: Error) => e.message,
      );
    try {
      proxy.set({ kind: 'half-open' });
      expect(await ask()).toMatch(/DEADLINE_EXCEEDED/);
      // Back, but the half-open connection stays open: only a new one reaches the partner.
      proxy.set({ kind: 'pass' });
      expect(await eventually(ask, (answer) => answer === 'answered', 10_000)).toBe('answered');
    } finally {
      client.close();
    }
  }, 30_000);
});
