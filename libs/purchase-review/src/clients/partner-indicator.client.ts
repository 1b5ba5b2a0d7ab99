import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import * as grpc from '@grpc/grpc-js';
import { IndicatorServiceClient, type GetCategoryIndicatorsResponse } from '@app/contracts';
import type { PartnerConfig } from '@app/config';
import { channelCredentials, PROMPT_RECONNECT, RenewingClient } from '@app/grpc';

/** Longest a submission waits for a partner's figures, whatever its configured deadline: the unit admin is waiting. */
export const INDICATOR_DEADLINE_CAP_MS = 5_000;

/** Our client of one partner's IndicatorService: its token, a deadline (indicator.proto), no retry (the review proceeds without it). */
export class PartnerIndicatorClient {
  /**
   * One channel kept per partner and replaced when stuck: a client made per
   * call shares grpc-js' connection to the partner with the calls still in
   * flight, so while reviews keep coming a connection that never answered is
   * never let go of, even after the partner is back.
   */
  private readonly channel: RenewingClient<IndicatorServiceClient>;
  private readonly deadlineMs: number;

  constructor(private readonly partner: PartnerConfig) {
    this.deadlineMs = Math.min(partner.deadlineMs, INDICATOR_DEADLINE_CAP_MS);
    // A kept channel backs off after the partner was down: a review must not be refused for minutes after it is back.
    this.channel = new RenewingClient(() => new IndicatorServiceClient(partner.address, channelCredentials(partner), PROMPT_RECONNECT), this.deadlineMs);
  }

  getCategoryIndicators(request: { categoryCode: string; from: string; to: string }): Promise<GetCategoryIndicatorsResponse> {
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${this.partner.outboundToken}`);
    return new Promise<GetCategoryIndicatorsResponse>((resolve, reject) =>
      this.channel
        .get()
        .getCategoryIndicators(request, metadata, { deadline: Date.now() + this.deadlineMs }, (error, response) => (error ? reject(error) : resolve(response))),
    );
  }

  close(): void {
    this.channel.close();
  }
}

/** One client per gRPC partner, made on first use, closed with the application. */
@Injectable()
export class PartnerIndicatorClients implements OnApplicationShutdown {
  private readonly clients = new Map<string, PartnerIndicatorClient>();

  for(partner: PartnerConfig): PartnerIndicatorClient {
    let client = this.clients.get(partner.id);
    if (!client) this.clients.set(partner.id, (client = new PartnerIndicatorClient(partner)));
    return client;
  }

  onApplicationShutdown(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
