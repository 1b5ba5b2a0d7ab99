import { prepareInstrument, type RemoteBatch } from '@app/catalog';
import type { Region } from '@app/common';
import type { Change } from '@app/contracts';
import { instrumentFromWire } from './wire-mapping';

/** Changes applied (and their cursor committed) together. */
export const BATCH_SIZE = 1_000;

export function emptyBatch(cursor: string): RemoteBatch {
  return { upserts: [], removals: [], droppedConfidential: 0, invalid: [], cursor };
}

/**
 * Sorts one partner change into the batch — a valid upsert, a removal, a
 * dropped confidential record or a rejected one — whether it was pulled or
 * pushed.
 */
export function collectChange(batch: RemoteBatch, change: Change, source: { sourceId: string; region: Region; asOf: string }): void {
  const kind = change.kind;
  if (kind?.$case === 'upsert') {
    const record = instrumentFromWire(kind.upsert, source.region);
    if (record.kind === 'ok') {
      const prepared = prepareInstrument(record.input, { region: record.region, sourcePlatform: source.sourceId, asOf: source.asOf, version: record.version });
      batch.upserts.push({ write: prepared, version: record.version, unit: record.unit });
    } else if (record.kind === 'confidential') {
      // Art. 2, 11: never stored; and a copy we hold from before must go.
      batch.droppedConfidential += 1;
      batch.removals.push({ id: record.id, version: record.version });
    } else {
      batch.invalid.push({ id: record.id, version: record.version, reason: record.violations.map((v) => `${v.field}: ${v.message}`).join('; ') });
    }
  } else if (kind?.$case === 'tombstone') {
    const version = /^\d{1,18}$/.test(kind.tombstone.version) ? BigInt(kind.tombstone.version) : 0n;
    batch.removals.push({ id: kind.tombstone.instrumentId, version });
  }
  batch.cursor = change.cursor;
}
