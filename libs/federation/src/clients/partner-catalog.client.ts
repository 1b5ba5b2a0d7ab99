import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { CatalogServiceClient, type ListChangesResponse } from '@app/contracts';
import type { PartnerConfig } from '@app/config';
import { RenewingClient } from './renewing-client';

/** gRPC statuses worth retrying later; everything else is a permanent answer for that request. */
export const TRANSIENT = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.RESOURCE_EXHAUSTED, grpc.status.ABORTED, grpc.status.INTERNAL, grpc.status.UNKNOWN]);

export function channelCredentials(partner: PartnerConfig): grpc.ChannelCredentials {
  if (!partner.tls) return grpc.credentials.createInsecure();
  const read = (file?: string) => (file ? fs.readFileSync(file) : null);
  return grpc.credentials.createSsl(read(partner.tls.caFile), read(partner.tls.keyFile), read(partner.tls.certFile));
}

/** Our client of one partner's CatalogService: its token on every call, a deadline on every call. */
export class PartnerCatalogClient {
  private readonly channel: RenewingClient<CatalogServiceClient>;

  constructor(private readonly partner: PartnerConfig) {
    this.channel = new RenewingClient(
      () =>
        new CatalogServiceClient(partner.address, channelCredentials(partner), {
          'grpc.keepalive_time_ms': 30_000,
          'grpc.max_receive_message_length': 16 * 1024 * 1024,
        }),
      partner.deadlineMs,
    );
  }

  private metadata(): grpc.Metadata {
    const m = new grpc.Metadata();
    m.set('authorization', `Bearer ${this.partner.outboundToken}`);
    return m;
  }

  /** One ListChanges call; the deadline bounds the whole stream. */
  listChanges(cursor: string, maxChanges: number): AsyncIterable<ListChangesResponse> {
    const call = this.channel.get().listChanges({ cursor, maxChanges }, this.metadata(), { deadline: Date.now() + this.partner.deadlineMs });
    return call as unknown as AsyncIterable<ListChangesResponse>;
  }

  close(): void {
    this.channel.close();
  }
}
