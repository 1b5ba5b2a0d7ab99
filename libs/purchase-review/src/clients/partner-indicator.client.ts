import * as grpc from '@grpc/grpc-js';
import { IndicatorServiceClient, type GetCategoryIndicatorsResponse } from '@app/contracts';
import type { PartnerConfig } from '@app/config';
import { channelCredentials } from '@app/grpc';

/** Longest a submission waits for a partner's figures, whatever its configured deadline: the unit admin is waiting. */
export const INDICATOR_DEADLINE_CAP_MS = 5_000;

/** One call of a partner's IndicatorService: its token, a deadline (indicator.proto), no retry (the review proceeds without it). */
export async function getPartnerCategoryIndicators(partner: PartnerConfig, request: { categoryCode: string; from: string; to: string }): Promise<GetCategoryIndicatorsResponse> {
  const client = new IndicatorServiceClient(partner.address, channelCredentials(partner));
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${partner.outboundToken}`);
  try {
    return await new Promise<GetCategoryIndicatorsResponse>((resolve, reject) =>
      client.getCategoryIndicators(request, metadata, { deadline: Date.now() + Math.min(partner.deadlineMs, INDICATOR_DEADLINE_CAP_MS) }, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  } finally {
    client.close();
  }
}
