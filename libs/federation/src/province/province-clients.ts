import { Injectable } from '@nestjs/common';
import type { PartnerConfig } from '@app/config';
import { createProvinceClient, type ProvinceClient } from '@app/province-client';

/**
 * One typed client per OpenAPI partner: base URL from `address`, our
 * `outboundToken` as the bearer token, `deadlineMs` as the deadline of every
 * call. The client never retries; the sync engine decides (backoff, circuit).
 */
@Injectable()
export class ProvinceClients {
  private readonly clients = new Map<string, ProvinceClient>();

  get(partner: PartnerConfig): ProvinceClient {
    let client = this.clients.get(partner.id);
    if (!client) {
      client = createProvinceClient({ baseUrl: partner.address.replace(/\/+$/, ''), token: partner.outboundToken, timeoutMs: partner.deadlineMs });
      this.clients.set(partner.id, client);
    }
    return client;
  }
}
