import type { PartnerConfig } from '@app/config';
import { startPartnerNode, type PartnerNode } from '../../apps/partner-node/src/partner-node';
import { PartnerIndicatorClient } from '../../libs/purchase-review/src/clients/partner-indicator.client';
import { PartnerUsageClient } from '../../libs/usage-feeds/src/clients/partner-usage.client';
import { FaultProxy } from '../faults/harness/fault-proxy';
import { GATEWAY_OUT_TOKEN, eventually } from '../support/federation';

/**
 * The usage feed and the purchase review's indicator call reach the same
 * partners as bookings do: a partner that accepted a connection and never
 * answered (grpc-js waits for its HTTP/2 SETTINGS with no timeout) must not
 * leave them failing their deadlines once it answers again.
 */
describe('usage and indicator calls to a partner that hung once', () => {
  let node: PartnerNode;
  const proxies: FaultProxy[] = [];

  beforeAll(async () => {
    node = await startPartnerNode({ region: 'jiangsu', count: 10, seed: 3, acceptedTokens: [GATEWAY_OUT_TOKEN('jiangsu')] });
  });
  afterAll(async () => {
    for (const proxy of proxies) await proxy.close();
    await node?.close();
  });

  /** A proxy of its own per test: grpc-js shares connections between clients of one address. */
  async function partnerBehindProxy(): Promise<{ proxy: FaultProxy; partner: PartnerConfig }> {
    const [host, port] = node.address.split(':');
    const proxy = await FaultProxy.start('jiangsu', { host, port: Number(port) });
    proxies.push(proxy);
    const partner: PartnerConfig = {
      id: 'jiangsu',
      region: 'jiangsu',
      protocol: 'grpc',
      address: proxy.address,
      inboundTokenSha256: '',
      outboundToken: GATEWAY_OUT_TOKEN('jiangsu'),
      pullIntervalMs: 1_000,
      deadlineMs: 300,
    };
    return { proxy, partner };
  }

  it('the usage feed reads the partner again once it answers', async () => {
    const { proxy, partner } = await partnerBehindProxy();
    const client = new PartnerUsageClient(partner);
    const ask = () =>
      client.listUsage('', 10).then(
        (records) => `answered ${records.length}`,
        (e: Error) => e.message,
      );
    try {
      proxy.set({ kind: 'half-open' });
      expect(await ask()).toMatch(/DEADLINE_EXCEEDED/);
      // Back, but the half-open connection stays open: only a new one reaches the partner.
      proxy.set({ kind: 'pass' });
      expect(await eventually(ask, (answer) => answer.startsWith('answered'), 10_000)).toBe('answered 0');
    } finally {
      client.close();
    }
  }, 30_000);

  it('the purchase review gets the partner figures again once it answers, while other reviews still wait on it', async () => {
    const { proxy, partner } = await partnerBehindProxy();
    const request = { categoryCode: '0303', from: '2026-01-01', to: '2026-12-01' };
    const client = new PartnerIndicatorClient(partner);
    const ask = () =>
      client.getCategoryIndicators(request).then(
        (r) => `answered ${r.instrumentCount >= 0}`,
        (e: Error) => e.message,
      );
    proxy.set({ kind: 'half-open' });
    // Unit admins keep submitting: some review is always waiting on the partner, none is ever the first.
    const answers: string[] = [];
    const submitting = setInterval(() => void ask().then((a) => answers.push(a)), 100);
    try {
      expect(await ask()).toMatch(/DEADLINE_EXCEEDED/);
      proxy.set({ kind: 'pass' });
      expect(
        await eventually(
          async () => answers.at(-1) ?? '',
          (answer) => answer.startsWith('answered'),
          10_000,
        ),
      ).toBe('answered true');
    } finally {
      clearInterval(submitting);
      client.close();
    }
  }, 30_000);
});
