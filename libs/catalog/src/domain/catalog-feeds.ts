import type { InstrumentWrite } from '../infrastructure/instrument.repository';
import type { ManagementUnit } from './instrument';
import type { StoredInstrument } from './stored-instrument';

/** One partner record to store: the prepared write, the partner's version, the unit it names. */
export interface RemoteUpsert {
  write: InstrumentWrite;
  version: bigint;
  unit: ManagementUnit;
}

export interface RemoteBatch {
  upserts: RemoteUpsert[];
  /** Tombstones, and records that now say they are confidential: both leave our catalog. */
  removals: { id: string; version: bigint }[];
  droppedConfidential: number;
  invalid: { id: string; version: bigint; reason: string }[];
  /** Resume point after this batch; committed in the same transaction as the data. */
  cursor: string;
}

export interface FeedEntry {
  stored: StoredInstrument;
  unit?: ManagementUnit;
  deleted: boolean;
}

/**
 * One instrument in partners' view of our change feed (ListChanges, the
 * province push): only instruments partners were told of, at the position of
 * the last change they may know about (migration 0017).
 */
export interface PartnerFeedEntry extends FeedEntry {
  /** Resume point just after this entry. */
  position: bigint;
  /**
   * Version of that last change: the current version while the instrument is
   * shared; once it is not, the version of the change that removed it (the
   * tombstone's), whatever hidden edits came after.
   */
  announcedVersion: number;
}

/**
 * Where a reader of every instrument's changes (the search index) stands:
 * every row version visible in `snapshot` has been applied, and `seq` is the
 * highest change sequence seen.
 */
export interface FeedPosition {
  seq: string;
  snapshot: string;
}

export interface FeedRow {
  stored: StoredInstrument;
  deleted: boolean;
}
