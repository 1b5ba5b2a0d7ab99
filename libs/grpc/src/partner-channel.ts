import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { PartnerConfig } from '@app/config';

/** gRPC statuses worth retrying later; everything else is a permanent answer for that request. */
export const TRANSIENT = new Set([
  grpc.status.UNAVAILABLE,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.RESOURCE_EXHAUSTED,
  grpc.status.ABORTED,
  grpc.status.INTERNAL,
  grpc.status.UNKNOWN,
]);

/** The channel credentials of a partner's `tls` settings (plaintext without them: loopback and tests). */
export function channelCredentials(partner: PartnerConfig): grpc.ChannelCredentials {
  if (!partner.tls) return grpc.credentials.createInsecure();
  const read = (file?: string) => (file ? fs.readFileSync(file) : null);
  return grpc.credentials.createSsl(read(partner.tls.caFile), read(partner.tls.keyFile), read(partner.tls.certFile));
}
