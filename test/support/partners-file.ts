import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PARTNER_IN_TOKEN } from './federation';

/** A partners file for partners that only call in (gRPC with their inbound token); we never reach them. */
export function inboundPartnersFile(ids: string[]): { file: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partners-'));
  const file = path.join(dir, 'partners.json');
  fs.writeFileSync(
    file,
    JSON.stringify(
      ids.map((id) => ({
        id,
        region: id,
        protocol: 'grpc',
        address: '127.0.0.1:1',
        inboundToken: PARTNER_IN_TOKEN(id),
        outboundToken: 'unused-outbound-token-0000',
        pullIntervalMs: 3_600_000,
      })),
    ),
  );
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
