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

/**
 * Asks `probe` every 100 ms until `ok` holds of its answer, for up to `timeoutMs`. A probe that throws (a
 * connection reset while a process restarts: a kept-alive socket the old or the new server closes as the
 * request goes out) counts as not yet; past the deadline the last error, or the last answer, is the failure.
 */
export async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let outcome: { value: T } | { error: unknown };
    try {
      outcome = { value: await probe() };
    } catch (error) {
      outcome = { error };
    }
    if ('value' in outcome && ok(outcome.value)) return outcome.value;
    if (Date.now() > deadline) {
      if ('error' in outcome) throw outcome.error;
      throw new Error(`condition not reached within ${timeoutMs} ms; last value: ${JSON.stringify(outcome.value).slice(0, 2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
