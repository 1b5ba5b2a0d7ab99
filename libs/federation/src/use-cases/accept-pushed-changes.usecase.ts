import { Injectable } from '@nestjs/common';
import type { PushChangesRequest, PushChangesResponse } from '@app/contracts';
import { Clock, DomainError } from '@app/common';
import type { PartnerCaller } from '@app/auth';
import { SourceStateRepository } from '../infrastructure/source-state.repository';
import { SyncStore } from '../sync/sync-store';
import { collectChange, emptyBatch, BATCH_SIZE } from '../domain/remote-batch';

const MAX_CHANGES_PER_CALL = 100_000;
/** A partner's cursor is echoed back as committed_cursor: bounded and printable, nothing else is stored or returned. */
const PARTNER_CURSOR = /^[\x21-\x7e]{1,256}$/;

/**
 * The push path: a partner streams its own changes to us. Same validation,
 * exclusions and idempotent batches as our pulls; the caller can only ever
 * write its own region's records, under its own source.
 */
@Injectable()
export class AcceptPushedChangesUseCase {
  constructor(
    private readonly sources: SourceStateRepository,
    private readonly store: SyncStore,
    private readonly clock: Clock,
  ) {}

  async execute(stream: AsyncIterable<PushChangesRequest>, caller: PartnerCaller): Promise<PushChangesResponse> {
    const source = await this.sources.source(caller.partnerId);
    if (!source) throw new DomainError('UNAUTHENTICATED', 'unknown partner');
    if (source.paused) throw new DomainError('UNAVAILABLE', `source ${caller.partnerId} is paused by the gateway's operators; retry later`);
    const asOf = this.clock.today();
    const response: PushChangesResponse = { applied: '0', unchanged: '0', droppedConfidential: '0', rejections: [], committedCursor: '' };
    let applied = 0;
    let seen = 0;
    let dropped = 0;
    let batch = emptyBatch(source.cursor ?? '');
    const flush = async () => {
      const changes = batch.upserts.length + batch.removals.length;
      // A push never moves the pull cursor: that one is the position in the
      // partner's feed as *we* read it; the pusher resumes from committed_cursor.
      const result = await this.store.applyBatch(caller.partnerId, batch, { moveCursor: false });
      applied += result.applied + result.removed;
      seen += changes - batch.droppedConfidential;
      dropped += batch.droppedConfidential;
      response.rejections.push(...batch.invalid.map((i) => ({ instrumentId: i.id, version: String(i.version < 0n ? 0n : i.version), reason: i.reason })));
      response.committedCursor = batch.cursor;
      batch = emptyBatch(batch.cursor);
    };
    let count = 0;
    for await (const request of stream) {
      if (++count > MAX_CHANGES_PER_CALL) {
        throw DomainError.validation([
          { field: 'change', message: `at most ${MAX_CHANGES_PER_CALL} changes per call; resume from committed_cursor in a new call` },
        ]);
      }
      if (!request.change) continue;
      if (!PARTNER_CURSOR.test(request.change.cursor)) {
        throw DomainError.validation([{ field: `change[${count - 1}].cursor`, message: 'must be 1–256 printable ASCII characters (no spaces)' }]);
      }
      collectChange(batch, request.change, { sourceId: caller.partnerId, region: caller.region as never, asOf });
      if (batch.upserts.length + batch.removals.length + batch.invalid.length >= BATCH_SIZE) await flush();
    }
    await flush();
    await this.sources.markSuccess(caller.partnerId);
    response.applied = String(applied);
    response.unchanged = String(Math.max(0, seen - applied));
    response.droppedConfidential = String(dropped);
    return response;
  }
}
