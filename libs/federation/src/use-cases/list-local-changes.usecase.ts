import { Inject, Injectable } from '@nestjs/common';
import type { ListChangesRequest, ListChangesResponse } from '@app/contracts';
import { PartnerFeedUseCase } from '@app/catalog';
import { DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { PartnerCaller } from '@app/auth';
import { ChangeCursorCodec } from '../domain/change-cursor';
import { servableInstrument } from '../domain/wire-mapping';
import { SyncBookkeepingRepository } from '../infrastructure/sync-bookkeeping.repository';

const DEFAULT_MAX = 5_000;
const MAX = 20_000;
const PAGE = 1_000;

/**
 * Our change feed for partners: Jiaxing's own instruments after a cursor.
 * Shareable ones go out as upserts; an instrument that stops being shared
 * (deleted, or no longer shareable) goes out as one tombstone, with the
 * version of the change that removed it, the same whichever it was; after
 * that its hidden edits do not move it in the feed at all (migration 0017).
 * An instrument that was always confidential never shows up, not even its id.
 * Nor does any hidden activity: the cursors are sealed (change-cursor.ts), so
 * a partner reading after a hidden change sees exactly what it sees after none.
 */
@Injectable()
export class ListLocalChangesUseCase {
  private readonly cursors: ChangeCursorCodec;

  constructor(
    private readonly feed: PartnerFeedUseCase,
    private readonly bookkeeping: SyncBookkeepingRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cursors = new ChangeCursorCodec(config.federation.cursorKey);
  }

  async *execute(request: ListChangesRequest, caller: PartnerCaller, signal: AbortSignal): AsyncIterable<ListChangesResponse> {
    const decoded = this.cursors.decode(request.cursor);
    if (!decoded.ok && decoded.reason === 'expired') {
      throw new DomainError(
        'PRECONDITION_FAILED',
        'the cursor is of an older format this server no longer accepts: restart from an empty cursor (a full snapshot) and remove local records of this source it does not contain',
      );
    }
    if (!decoded.ok) throw DomainError.validation([{ field: 'cursor', message: 'was not issued by this server' }]);
    const start = decoded.position;
    if (request.maxChanges < 0) throw DomainError.validation([{ field: 'max_changes', message: 'must not be negative' }]);
    const max = Math.min(request.maxChanges || DEFAULT_MAX, MAX);
    // A client starting from scratch has seen nothing: it needs no tombstones.
    const fromScratch = start === 0n;
    let position = start;
    let sent = 0;
    let hasMore = true;
    while (sent < max && !signal.aborted) {
      const asked = Math.min(PAGE, max - sent);
      const page = await this.feed.since(position, asked);
      if (page.length === 0) {
        hasMore = false;
        break;
      }
      for (const entry of page) {
        position = entry.position;
        const { instrument } = entry.stored;
        const live = !entry.deleted && entry.stored.shareable && entry.unit !== undefined;
        if (live) {
          // A record that cannot be encoded fails this call (INTERNAL, its id
          // logged) instead of being skipped: skipping would move the
          // partner's cursor past it for good.
          yield {
            event: {
              $case: 'change',
              change: {
                instrumentId: instrument.id,
                version: String(instrument.version),
                cursor: this.cursors.encode(position),
                kind: { $case: 'upsert', upsert: servableInstrument(entry.stored, entry.unit!) },
              },
            },
          };
          sent += 1;
        } else if (!fromScratch) {
          const version = String(entry.announcedVersion);
          yield {
            event: {
              $case: 'change',
              change: {
                instrumentId: instrument.id,
                version,
                cursor: this.cursors.encode(position),
                kind: { $case: 'tombstone', tombstone: { instrumentId: instrument.id, version } },
              },
            },
          };
          sent += 1;
        }
      }
      // Fewer rows than asked means the feed is exhausted; skipped (excluded)
      // rows still count as read, so "more" is never denied while rows remain.
      if (page.length < asked) {
        hasMore = false;
        break;
      }
    }
    await this.bookkeeping.countOutbound(caller.partnerId, sent).catch(() => undefined);
    yield { event: { $case: 'end', end: { nextCursor: this.cursors.encode(position), hasMore } } };
  }
}
