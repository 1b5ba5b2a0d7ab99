import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startPartnerNode, type PartnerNode } from '../../apps/partner-node/src/partner-node';

export const GATEWAY_OUT_TOKEN = (region: string) => `gateway-to-${region}-0123456789`;
export const PARTNER_IN_TOKEN = (region: string) => `${region}-to-gateway-0123456789`;

export interface TestPartners {
  nodes: Record<string, PartnerNode>;
  file: string;
  close(): Promise<void>;
}

/** Partner nodes on loopback and the partners file that points the gateway at them. */
export async function startTestPartners(
  specs: { region: 'shanghai' | 'jiangsu' | 'anhui' | 'zhejiang'; count: number; seed?: number; deadlineMs?: number }[],
): Promise<TestPartners> {
  const nodes: Record<string, PartnerNode> = {};
  for (const s of specs) {
    nodes[s.region] = await startPartnerNode({
      region: s.region,
      count: s.count,
      seed: s.seed ?? 3,
      acceptedTokens: [GATEWAY_OUT_TOKEN(s.region)],
      slowMs: 1_500,
    });
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'partners-')), 'partners.json');
  fs.writeFileSync(
    file,
    JSON.stringify(
      specs.map((s) => ({
        id: s.region,
        region: s.region,
        protocol: 'grpc',
        address: nodes[s.region].address,
        inboundToken: PARTNER_IN_TOKEN(s.region),
        outboundToken: GATEWAY_OUT_TOKEN(s.region),
        pullIntervalMs: 300,
        deadlineMs: s.deadlineMs ?? 5_000,
      })),
    ),
  );
  return {
    nodes,
    file,
    async close() {
      await Promise.all(Object.values(nodes).map((n) => n.close()));
    },
  };
}

export async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms; last value: ${JSON.stringify(last).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}
