import { createHash, timingSafeEqual } from 'node:crypto';
import type { PartnerConfig } from '@app/config';
import type { PartnerCaller, PartnerCredentials } from '@app/auth';

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/**
 * Partners' inbound bearer tokens → who they are; a partner acts only for itself.
 * @app/auth's verifier of partner credentials (`PARTNER_CREDENTIALS`), on both transports.
 *
 * Only SHA-256 digests are kept (a heap dump does not give the tokens away),
 * and a presented token is compared with every partner's digest in constant
 * time, without stopping at the first match, so neither timing nor the order
 * of the partners file tells a caller how close a guess was or whose it is.
 */
export function partnerAuthenticator(partners: readonly PartnerConfig[]): PartnerCredentials {
  const holders = partners.map((p) => ({
    digest: Buffer.from(p.inboundTokenSha256, 'hex'),
    caller: { kind: 'partner', partnerId: p.id, region: p.region } satisfies PartnerCaller,
  }));
  return (token) => {
    const presented = sha256(token);
    let found: PartnerCaller | undefined;
    for (const holder of holders) {
      if (timingSafeEqual(presented, holder.digest) && !found) found = holder.caller;
    }
    return found;
  };
}
