import * as grpc from '@grpc/grpc-js';
import { CatalogServiceClient, type ListChangesResponse } from '@app/contracts';
import type { PartnerConfig } from '@app/config';
import { channelCredentials, RenewingClient } from '@app/grpc';

/** What a partner may send ahead of what we have read, per stream and per connection (~7 batches of records). */
export const PARTNER_STREAM_WINDOW_BYTES = 4 * 1024 * 1024;

/** Our client of one partner's CatalogService: its token on every call, a deadline on every call. */
export class PartnerCatalogClient {
  private readonly channel: RenewingClient<CatalogServiceClient>;

  constructor(private readonly partner: PartnerConfig) {
    this.channel = new RenewingClient(
      () =>
        new CatalogServiceClient(partner.address, channelCredentials(partner), {
          'grpc.keepalive_time_ms': 30_000,
          'grpc.max_receive_message_length': 16 * 1024 * 1024,
          // HTTP/2's default 64 KB window is ~110 records of a change feed: while we build and send
          // a batch's write (tens of ms) the partner stalls, then we idle while it catches up. A
          // window of several batches keeps it streaming; what it buffers is bounded by the window.
          'grpc-node.flow_control_window': PARTNER_STREAM_WINDOW_BYTES,
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
