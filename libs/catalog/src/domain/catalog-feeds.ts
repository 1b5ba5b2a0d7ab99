import type { Region } from '@app/common';
import type { InstrumentWrite } from '../infrastructure/instrument.repository';
import type { FeeStandard, GeoPoint, ManagementUnit, ServiceMode } from './instrument';
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

/**
 * What the search index reads of an instrument: the fields it finds, filters, sorts and shows, and
 * who may find it. Its full read at start selects these columns only: the record's others
 * (timestamps, JSON documents, numerics) cost the gateway as much to parse at 1,000,000 instruments
 * as building the index from them.
 */
export interface IndexedInstrument {
  id: string;
  region: Region;
  unitId: string;
  name: string;
  nameEn?: string;
  model?: string;
  manufacturer?: string;
  description?: string;
  categoryCode: string;
  city: string;
  location?: GeoPoint;
  serviceModes: ServiceMode[];
  /** Of the fee standard, the prices and unit the index files (not its tiers or notes: at 1,000,000 instruments parsing every fee document cost a second). */
  feeExternalCny?: FeeStandard['externalPriceCny'];
  feeInternalCny?: FeeStandard['internalPriceCny'];
  feeUnit?: FeeStandard['unit'];
  updatedAt: string;
  shareable: boolean;
  customsGated: boolean;
}

/**
 * An {@link IndexedInstrument} with every field named, optional ones too: both the full read's and the
 * feed's mapping are typed with it, so a field added later (one deciding who may find a record) cannot
 * be mapped by one and left out by the other without failing to compile.
 */
export type EveryIndexedField = { [K in keyof Required<IndexedInstrument>]: IndexedInstrument[K] };

/** The indexed fields of a whole stored record (a change read from the feed). */
export function indexedInstrument(stored: StoredInstrument): EveryIndexedField {
  const i = stored.instrument;
  return {
    id: i.id,
    region: i.region,
    unitId: i.unitId,
    name: i.name,
    nameEn: i.nameEn,
    model: i.model,
    manufacturer: i.manufacturer,
    description: i.description,
    categoryCode: i.categoryCode,
    city: i.city,
    location: i.location,
    serviceModes: i.serviceModes,
    feeExternalCny: i.fee?.externalPriceCny,
    feeInternalCny: i.fee?.internalPriceCny,
    feeUnit: i.fee?.unit,
    updatedAt: i.updatedAt,
    shareable: stored.shareable,
    customsGated: stored.customsGated,
  };
}
