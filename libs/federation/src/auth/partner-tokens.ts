import { createHash, timingSafeEqual } from 'node:crypto';
import type { PartnerConfig } from '@app/config';
import type { GrpcAuthenticator, GrpcCaller } from '@app/grpc';

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/**
 * Partners' inbound bearer tokens → who they are; a partner acts only for itself.
 *
 * Only SHA-256 digests are kept (a heap dump does not give the tokens away),
 * and a presented token is compared with every partner's digest in constant
 * time, without stopping at the first match, so neither timing nor the order
 * of the partners file tells a caller how close a guess was or whose it is.
 */
export function partnerAuthenticator(partners: readonly PartnerConfig[]): GrpcAuthenticator {
  const holders = partners.map((p) => ({ digest: Buffer.from(p.inboundTokenSha256, 'hex'), caller: { partnerId: p.id, region: p.region } as GrpcCaller }));
  return (token) => {
    const presented = sha256(token);
    let found: GrpcCaller | undefined;
    for (const holder of holders) {
      if (timingSafeEqual(presented, holder.digest) && !found) found = holder.caller;
    }
    return found;
  };
}
