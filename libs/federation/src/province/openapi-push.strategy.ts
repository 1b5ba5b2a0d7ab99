import { Injectable } from '@nestjs/common';
import { PartnerFeedUseCase } from '@app/catalog';
import type { PartnerConfig } from '@app/config';
import { ProvinceApiError, type ProvinceClient } from '@app/province-client';
import type { SourceRow } from '../infrastructure/source-state.repository';
import { SyncStore } from '../sync/sync-store';
import type { SyncStrategy } from '../sync/sync-strategy';
import { ProvinceClients } from './province-clients';
import { OpenApiStrategy } from './openapi-strategy';
import { planPush, type PushStep } from './province-outbound';

/** Our changes read per page; the push cursor moves once per page. */
const PAGE = 200;
/** Writes in flight towards the province at once. */
const CONCURRENCY = 8;

/**
 * Statuses by which the province refuses one write for that record alone
 * (its content, its id): the write goes to the source's error list with the
 * province's reason and the push goes on. Every other failure (down, slow,
 * token refused, answers breaking the contract) stops the run before the
 * cursor moves, and the next run sends the page again.
 */
const REFUSES_RECORD = new Set([400, 404, 409, 413, 422]);

interface PageOutcome {
  listings: { id: string; listedOn: string }[];
  refused: { id: string; version: bigint; reason: string }[];
  sent: number;
}

/**
 * Pushes Jiaxing's shareable instruments to the provincial platform (Art. 13)
 * from the source's push cursor, in the order of our change feed: upserts
 * with their version (an equal version answers `applied: false`, so a replay
 * changes nothing), one withdrawal of an instrument that was deleted or stopped
 * being shareable (its later hidden edits send nothing), nothing at all about
 * instruments that never were shared (Art. 11). Each acknowledged upsert tells when the
 * instrument first appeared at the province (`listedOn`): stored as its
 * `province_listed_on`. A page's cursor is committed, with those dates, only
 * after the province acknowledged every write of the page.
 */
@Injectable()
export class OpenApiPushStrategy extends OpenApiStrategy implements SyncStrategy {
  readonly direction = 'push' as const;

  constructor(
    private readonly feed: PartnerFeedUseCase,
    private readonly store: SyncStore,
    private readonly clients: ProvinceClients,
  ) {
    super();
  }

  async run(partner: PartnerConfig, source: SourceRow): Promise<void> {
    const client = this.clients.get(partner);
    let cursor = BigInt(source.push_cursor);
    for (;;) {
      const entries = await this.feed.since(cursor, PAGE);
      if (entries.length === 0) return;
      const outcome: PageOutcome = { listings: [], refused: [], sent: 0 };
      await forEachLimited(entries.map(planPush), CONCURRENCY, (step) => this.send(client, step, outcome));
      const next = entries[entries.length - 1].position;
      if (!(await this.store.commitPush(partner.id, { from: cursor, cursor: next, ...outcome }))) {
        this.logger.log(`push ${partner.id}: the push cursor moved meanwhile (sync restarted); the next run continues from it`);
        return;
      }
      cursor = next;
      if (entries.length < PAGE) return;
    }
  }

  private async send(client: ProvinceClient, step: PushStep, outcome: PageOutcome): Promise<void> {
    if (step.kind === 'withdraw' && step.refused) this.logger.error(`push: not sending ${step.id}: ${step.refused}`);
    try {
      if (step.kind === 'upsert') {
        const result = await client.upsertInstrument(step.id, step.body);
        outcome.listings.push({ id: step.id, listedOn: result.listedOn });
        if (result.applied) outcome.sent += 1;
        else if (result.version > step.version) {
          outcome.refused.push({
            id: step.id,
            version: BigInt(step.version),
            reason: `push: the province holds version ${result.version}, newer than ours (${step.version}); ours was ignored`,
          });
        }
      } else {
        outcome.sent += await this.withdraw(client, step.id, step.version);
      }
    } catch (error) {
      if (!(error instanceof ProvinceApiError) || error.kind !== 'http' || !REFUSES_RECORD.has(error.status ?? 0)) throw error;
      const fields = error.fieldErrors.map((f) => `${f.field} ${f.message}`).join('; ');
      outcome.refused.push({
        id: step.id,
        version: BigInt(step.version),
        reason: `push refused: ${error.message}${fields && !error.message.includes(fields) ? ` (${fields})` : ''}`,
      });
    }
  }

  /** 1 if the province withdrew it now, 0 if there was nothing to withdraw. */
  private async withdraw(client: ProvinceClient, id: string, version: number): Promise<number> {
    try {
      const result = await client.withdrawInstrument(id, { version });
      if (result.applied) return 1;
      if (result.withdrawnAt !== undefined) return 0;
      // Still listed at a version not older than our withdrawal's. It must
      // leave all the same (Art. 11 before version tidiness): unversioned, the
      // province withdraws it at its stored version + 1.
      this.logger.warn(`push: withdrawal of ${id} at version ${version} was ignored (the province holds ${result.version}); withdrawing it unversioned`);
      return (await client.withdrawInstrument(id)).applied ? 1 : 0;
    } catch (error) {
      // Never listed there (it was shared here before it ever reached the province): nothing to do.
      if (error instanceof ProvinceApiError && error.status === 404 && (error.code === 'NOT_FOUND' || error.code === 'WITHDRAWN')) return 0;
      throw error;
    }
  }
}

/**
 * Runs `work` over `items`, at most `limit` at a time. On the first failure
 * no further item starts; the calls in flight finish, then it rethrows.
 */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
}
