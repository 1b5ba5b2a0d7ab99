import { Injectable } from '@nestjs/common';
import { InstrumentsByIdsUseCase } from '@app/catalog';
import { Clock } from '@app/common';
import type { PartnerConfig } from '@app/config';
import { isProvinceApiError, PROVINCE_CHANGES_LIMIT_MAX } from '@app/province-client';
import { SourceStateRepository, type SourceRow } from '../infrastructure/source-state.repository';
import { SyncStore } from '../sync/sync-store';
import type { SyncStrategy } from '../sync/sync-strategy';
import { ProvinceClients } from './province-clients';
import { OpenApiStrategy } from './openapi-strategy';
import { preferKnownUnits, provincePageToBatch } from './province-inbound';

/** Items per page asked of the province (its maximum is 1,000). */
const PAGE_LIMIT = Math.min(500, PROVINCE_CHANGES_LIMIT_MAX);

/**
 * One incremental pull of the provincial catalog (partner protocol
 * `openapi`): pages of its change feed from the committed cursor, each page
 * applied with its cursor in one transaction through the same idempotent,
 * version-guarded `applyBatch` as the YRD partners' records.
 *
 * A cursor the province no longer honours (410 CURSOR_EXPIRED: it rebuilt
 * its change log) restarts the pull from the beginning, and the push too
 * (what the province acknowledged may have gone with the old log). A pull
 * from the beginning is a full snapshot: when it completes in one run,
 * records of this source it did not contain are removed, so we end with
 * exactly the province's catalog even if withdrawals were lost with the log.
 */
@Injectable()
export class OpenApiPullStrategy extends OpenApiStrategy implements SyncStrategy {
  readonly direction = 'pull' as const;

  constructor(
    private readonly store: SyncStore,
    private readonly sources: SourceStateRepository,
    private readonly instruments: InstrumentsByIdsUseCase,
    private readonly clients: ProvinceClients,
    private readonly clock: Clock,
  ) {
    super();
  }

  async run(partner: PartnerConfig, source: SourceRow): Promise<void> {
    const cursor = source.cursor ?? undefined;
    try {
      await this.pages(partner, cursor || undefined);
    } catch (error) {
      if (!cursor || !isProvinceApiError(error) || error.status !== 410 || error.code !== 'CURSOR_EXPIRED') throw error;
      this.logger.warn(`pull ${partner.id}: the province no longer honours our cursor (${error.message}); pulling and pushing again from the beginning`);
      await this.sources.restartSync(partner.id);
      await this.pages(partner, undefined);
    }
  }

  private async pages(partner: PartnerConfig, cursor: string | undefined): Promise<void> {
    const seen = cursor === undefined ? new Set<string>() : undefined;
    const asOf = this.clock.today();
    for await (const page of this.clients.get(partner).changes(cursor, { limit: PAGE_LIMIT })) {
      const inbound = provincePageToBatch(page, { sourceId: partner.id, region: partner.region, asOf });
      preferKnownUnits(inbound.batch, await this.instruments.units(inbound.batch.upserts.map((u) => u.unit.id)));
      for (const id of inbound.seen) seen?.add(id);
      await this.store.applyBatch(partner.id, inbound.batch);
    }
    if (seen) {
      const removed = await this.store.removeUnseen(partner.id, seen);
      if (removed > 0) this.logger.log(`pull ${partner.id}: removed ${removed} records the province no longer lists`);
    }
  }
}
