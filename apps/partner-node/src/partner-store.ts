import { prepareInstrument, type InstrumentInput, type ManagementUnit, type StoredInstrument } from '@app/catalog';
import type { Region } from '@app/common';

export interface StoreEntry {
  stored: StoredInstrument;
  unit: ManagementUnit;
  seq: number;
  deleted: boolean;
  /** Ever visible to peers: only then does a removal travel as a tombstone. */
  everShared: boolean;
}

/**
 * A partner platform's own catalog, in memory: every change takes the next
 * sequence number, which is what its change feed follows. A real platform
 * would keep this in its database; the shape of the feed is the same.
 */
export class PartnerStore {
  private readonly entries = new Map<string, StoreEntry>();
  private readonly units = new Map<string, ManagementUnit>();
  private seq = 0;

  constructor(
    readonly region: Region,
    private readonly asOf: string,
  ) {}

  load(units: ManagementUnit[], instruments: Iterable<InstrumentInput>): void {
    for (const u of units) this.units.set(u.id, u);
    for (const i of instruments) this.upsert(i);
  }

  upsert(input: InstrumentInput): StoreEntry {
    const prepared = prepareInstrument(input, { region: this.region, sourcePlatform: 'local', asOf: this.asOf });
    const previous = this.entries.get(prepared.id);
    const now = new Date().toISOString();
    const version = (previous?.stored.instrument.version ?? 0) + 1;
    const entry: StoreEntry = {
      stored: {
        instrument: {
          ...input,
          id: prepared.id,
          region: this.region,
          sourcePlatform: 'local',
          version,
          createdAt: previous?.stored.instrument.createdAt ?? now,
          updatedAt: now,
        },
        supervisionEnds: prepared.supervisionEnds,
        shareable: prepared.shareable,
        customsGated: prepared.customsGated,
        changeSeq: String(++this.seq),
        contentHash: prepared.contentHash,
      },
      unit: this.units.get(input.unitId)!,
      seq: this.seq,
      deleted: false,
      everShared: (previous?.everShared ?? false) || prepared.shareable,
    };
    this.entries.set(prepared.id, entry);
    return entry;
  }

  remove(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry || entry.deleted) return false;
    entry.deleted = true;
    entry.seq = ++this.seq;
    entry.stored = { ...entry.stored, instrument: { ...entry.stored.instrument, version: entry.stored.instrument.version + 1 } };
    return true;
  }

  get(id: string): StoreEntry | undefined {
    return this.entries.get(id);
  }

  /** Changes after `afterSeq` in sequence order. */
  changesAfter(afterSeq: number, limit: number): StoreEntry[] {
    const out: StoreEntry[] = [];
    for (const e of this.sorted()) {
      if (e.seq <= afterSeq) continue;
      out.push(e);
      if (out.length === limit) break;
    }
    return out;
  }

  /** What peers should hold: live, shareable records. */
  shareable(): StoreEntry[] {
    return [...this.entries.values()].filter((e) => !e.deleted && e.stored.shareable);
  }

  all(): StoreEntry[] {
    return [...this.entries.values()];
  }

  private sortedCache?: { seq: number; list: StoreEntry[] };
  private sorted(): StoreEntry[] {
    if (this.sortedCache?.seq !== this.seq) this.sortedCache = { seq: this.seq, list: [...this.entries.values()].sort((a, b) => a.seq - b.seq) };
    return this.sortedCache.list;
  }
}
