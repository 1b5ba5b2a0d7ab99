import * as grpc from '@grpc/grpc-js';
import { UsageServiceClient, type UsageRecord } from '@app/contracts';
import type { PartnerConfig } from '@app/config';
import { channelCredentials, RenewingClient } from '@app/grpc';

/** Our client of one partner's UsageService: its token and a deadline on every call (usage.proto). */
export class PartnerUsageClient {
  // A partner that hung once (accepted, never answered) would otherwise keep this feed failing after it recovers.
  private readonly channel: RenewingClient<UsageServiceClient>;

  constructor(private readonly partner: PartnerConfig) {
    this.channel = new RenewingClient(
      () => new UsageServiceClient(partner.address, channelCredentials(partner), { 'grpc.keepalive_time_ms': 30_000 }),
      partner.deadlineMs,
    );
  }

  /** One ListUsage call, read to its end: the records after `cursor`, at most `limit`. */
  listUsage(cursor: string, limit: number): Promise<UsageRecord[]> {
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${this.partner.outboundToken}`);
    return new Promise((resolve, reject) => {
      const records: UsageRecord[] = [];
      const call = this.channel.get().listUsage({ cursor, limit }, metadata, { deadline: Date.now() + this.partner.deadlineMs });
      call.on('data', (r: UsageRecord) => records.push(r));
      call.on('error', reject);
      call.on('end', () => resolve(records));
    });
  }

  close(): void {
    this.channel.close();
  }
}
