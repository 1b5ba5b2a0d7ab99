import { canonicalJson, chinaDate, sha256Hex, type Clock } from '@app/common';
import {
  PROVINCE_PLATFORM_ID,
  type ProvinceChange,
  type ProvinceInstrument,
  type ProvinceInstrumentRecord,
  type ProvinceUpsertResult,
  type ProvinceUsageBatchResult,
  type ProvinceUsageRecord,
  type ProvinceUsageSession,
  type ProvinceWithdrawResult,
} from '@app/province-client';

/** One instrument as the simulated province holds it, listed or withdrawn. */
interface StoredInstrument {
  instrumentId: string;
  reportedBy: string;
  version: number;
  listedOn: string;
  listedAt: string;
  updatedAt: string;
  /** Last listed content; kept after a withdrawal so a GET can say WITHDRAWN. */
  instrument: ProvinceInstrument;
  withdrawnAt?: string;
  /** Position of this instrument's latest change in the log (1-based). */
  seq: number;
}

export interface SeedRecord {
  instrumentId: string;
  listedOn: string;
  instrument: ProvinceInstrument;
}

export type PushOperation = 'upsert' | 'withdraw' | 'usage';

/** A write a city platform sent, as received (tests check what left the gateway). */
export interface PushEntry {
  seq: number;
  at: string;
  operation: PushOperation;
  instrumentId?: string;
  version?: number;
  status: number;
  applied?: boolean;
  /** The parsed body (PUT, POST) or undefined; what the gateway sent, valid or not. */
  body?: unknown;
}

export type FeedAnswer<T> = { ok: true; items: T[]; nextCursor: string; hasMore: boolean } | { ok: false; reason: 'invalid' | 'expired'; message: string };
export type ChangesAnswer = FeedAnswer<ProvinceChange>;

/** What a test says happened: a new session (version 1) or a correction of a held one (same id, version + 1). */
export type UsageSessionInput = Omit<ProvinceUsageSession, 'version'>;

/**
 * A compacted feed log: log[seq - 1] = id of the record whose latest change
 * is at seq, or null once superseded, so a pull from the beginning sees each
 * record once, with its latest state, and positions (cursors) stay valid.
 */
class FeedLog {
  private readonly slots: (string | null)[] = [];
  private readonly seqOf = new Map<string, number>();

  get length(): number {
    return this.slots.length;
  }

  append(id: string): number {
    const previous = this.seqOf.get(id);
    if (previous !== undefined) this.slots[previous - 1] = null;
    this.slots.push(id);
    this.seqOf.set(id, this.slots.length);
    return this.slots.length;
  }

  /** Ids after `position`, at most `limit`, and where the next page starts. */
  page(position: number, limit: number): { ids: string[]; next: number; hasMore: boolean } {
    const ids: string[] = [];
    let i = position;
    while (i < this.slots.length && ids.length < limit) {
      const id = this.slots[i++];
      if (id !== null) ids.push(id);
    }
    // Look ahead past cleared slots: hasMore is true only if a live change follows.
    let j = i;
    while (j < this.slots.length && this.slots[j] === null) j++;
    const hasMore = j < this.slots.length;
    // Skipped trailing slots are consumed too, so an idle poll does not rescan them.
    return { ids, next: hasMore ? i : j, hasMore };
  }
}

export type UsageAnswer = { ok: true; result: ProvinceUsageBatchResult } | { ok: false; status: 409 | 422; field: string; message: string };

export interface SimState {
  epoch: string;
  listed: number;
  withdrawn: number;
  changes: number;
  usageRecords: number;
  /** Usage sessions on the province's own instruments (GET /v1/usage-sessions). */
  usageSessions: number;
  pushes: number;
  /** sha256 over the listed instruments sorted by id, one `<id>@<version>\n` line each. */
  checksum: string;
}

/**
 * The simulated province's data: the catalog, its change log, usage records
 * and the log of what city platforms pushed. Pure in-memory bookkeeping with
 * an injected clock; HTTP lives in province-sim.ts.
 *
 * The change log is compacted as it grows: when an instrument changes again
 * its older log slot is cleared, so a pull from the beginning sees each
 * instrument once, with its latest state, and positions (cursors) stay valid.
 */
export class ProvinceSimStore {
  private readonly byId = new Map<string, StoredInstrument>();
  private readonly log = new FeedLog();
  private readonly sessions = new Map<string, ProvinceUsageSession>();
  private readonly sessionLog = new FeedLog();
  private readonly usage = new Map<string, { canonical: string; record: ProvinceUsageRecord }>();
  private readonly usageByInstrument = new Map<string, ProvinceUsageRecord[]>();
  private readonly pushLog: PushEntry[] = [];
  private pushSeq = 0;
  /** Round-robin position for simulated province-side edits (deterministic). */
  private editCursor = 0;
  /** Listings the province made before this run (instrument id → its listedOn): see `upsert`. */
  private readonly history: ReadonlyMap<string, string>;

  constructor(
    readonly epoch: string,
    private readonly clock: Clock,
    seed: readonly SeedRecord[],
    private readonly maxPushes = 100_000,
    sessions: readonly ProvinceUsageSession[] = [],
    history: Readonly<Record<string, string>> = {},
  ) {
    this.history = new Map(Object.entries(history));
    for (const r of seed) {
      const at = `${r.listedOn}T09:00:00+08:00`;
      this.append({
        instrumentId: r.instrumentId,
        reportedBy: PROVINCE_PLATFORM_ID,
        version: 1,
        listedOn: r.listedOn,
        listedAt: at,
        updatedAt: at,
        instrument: r.instrument,
        seq: 0,
      });
    }
    for (const session of sessions) this.putSession(session);
  }

  // ------------------------------------------------------------ change feed

  listChanges(cursor: string | undefined, limit: number): ChangesAnswer {
    return this.feed(this.log, '', cursor, limit, (id) => this.toChange(this.byId.get(id)!));
  }

  /**
   * One page of a feed. Each feed's cursors carry its tag (`` for changes,
   * `s` for usage sessions), so a cursor of one feed is refused by the other.
   */
  private feed<T>(log: FeedLog, tag: '' | 's', cursor: string | undefined, limit: number, item: (id: string) => T): FeedAnswer<T> {
    let position = 0;
    if (cursor !== undefined) {
      const match = /^([0-9a-f]+)\.([a-z]?)(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!match || match[2] !== tag) return { ok: false, reason: 'invalid', message: 'is not a cursor this platform issued' };
      // Another epoch = the log was rebuilt (the simulator restarted): the
      // position means nothing any more, the client must pull from scratch.
      if (match[1] !== this.epoch) return { ok: false, reason: 'expired', message: 'was issued before the log was rebuilt; pull again without a cursor' };
      position = Number(match[3]);
      if (position > log.length) return { ok: false, reason: 'invalid', message: 'points past the end of the log' };
    }
    const page = log.page(position, limit);
    return { ok: true, items: page.ids.map(item), nextCursor: Buffer.from(`${this.epoch}.${tag}${page.next}`).toString('base64url'), hasMore: page.hasMore };
  }

  private toChange(s: StoredInstrument): ProvinceChange {
    if (s.withdrawnAt !== undefined) {
      return { changeType: 'withdraw', instrumentId: s.instrumentId, version: s.version, changedAt: s.withdrawnAt, reportedBy: s.reportedBy };
    }
    return {
      changeType: 'upsert',
      instrumentId: s.instrumentId,
      version: s.version,
      changedAt: s.updatedAt,
      reportedBy: s.reportedBy,
      listedOn: s.listedOn,
      instrument: s.instrument,
    };
  }

  private append(s: StoredInstrument): void {
    s.seq = this.log.append(s.instrumentId);
    this.byId.set(s.instrumentId, s);
  }

  // ------------------------------------------------------------ instruments

  get(instrumentId: string): { record: ProvinceInstrumentRecord } | { withdrawn: true } | undefined {
    const s = this.byId.get(instrumentId);
    if (!s) return undefined;
    if (s.withdrawnAt !== undefined) return { withdrawn: true };
    const { reportedBy, version, listedOn, listedAt, updatedAt, instrument } = s;
    return { record: { instrumentId, version, reportedBy, listedOn, listedAt, updatedAt, instrument } };
  }

  upsert(instrumentId: string, version: number, instrument: ProvinceInstrument): { status: 200 | 201; result: ProvinceUpsertResult } {
    const existing = this.byId.get(instrumentId);
    if (existing && version <= existing.version) {
      return { status: 200, result: { instrumentId, version: existing.version, applied: false, listedOn: existing.listedOn, listedAt: existing.listedAt } };
    }
    const now = this.clock.now();
    const at = now.toISOString();
    // Art. 13 evidence is the first appearance: re-listing keeps the date, and
    // so does a listing the province held before this run (its history), as
    // the real platform answers a city that pushes a record it lists already.
    const before = this.history.get(instrumentId);
    const listedOn = existing?.listedOn ?? before ?? chinaDate(now);
    const listedAt = existing?.listedAt ?? (before !== undefined ? `${before}T09:00:00+08:00` : at);
    this.append({ instrumentId, reportedBy: reporterOf(instrumentId), version, listedOn, listedAt, updatedAt: at, instrument, seq: 0 });
    // A record of its history is one it lists already: replaced (200), not created.
    const created = existing ? existing.withdrawnAt !== undefined : before === undefined;
    return { status: created ? 201 : 200, result: { instrumentId, version, applied: true, listedOn, listedAt } };
  }

  withdraw(instrumentId: string, version: number | undefined): ProvinceWithdrawResult | undefined {
    const existing = this.byId.get(instrumentId);
    if (!existing) return undefined;
    if (existing.withdrawnAt !== undefined) return { instrumentId, version: existing.version, applied: false, withdrawnAt: existing.withdrawnAt };
    if (version !== undefined && version <= existing.version) return { instrumentId, version: existing.version, applied: false };
    const withdrawnAt = this.clock.now().toISOString();
    // A tombstone needs a version of its own, or readers applying "newer
    // versions only" would ignore it.
    const tombstone = version ?? existing.version + 1;
    this.append({ ...existing, version: tombstone, withdrawnAt });
    return { instrumentId, version: tombstone, applied: true, withdrawnAt };
  }

  /**
   * Edits made at the province itself (its own records only), so tests see
   * incremental changes arrive: `update` bumps the version and toggles
   * `ownerApprovalRequired`; `withdraw` withdraws. Deterministic round robin.
   */
  simulateProvinceChanges(counts: { update?: number; withdraw?: number }): { updated: string[]; withdrawn: string[] } {
    const own = [...this.byId.values()]
      .filter((s) => s.reportedBy === PROVINCE_PLATFORM_ID && s.withdrawnAt === undefined)
      .sort((a, b) => (a.instrumentId < b.instrumentId ? -1 : 1));
    const wanted = Math.min(own.length, (counts.update ?? 0) + (counts.withdraw ?? 0));
    const start = own.length === 0 ? 0 : this.editCursor % own.length;
    this.editCursor += wanted;
    const chosen = Array.from({ length: wanted }, (_, k) => own[(start + k) % own.length]);
    const at = this.clock.now().toISOString();
    const updated: string[] = [];
    const withdrawn: string[] = [];
    for (const [k, s] of chosen.entries()) {
      if (k < (counts.update ?? 0)) {
        const instrument = { ...s.instrument, ownerApprovalRequired: !s.instrument.ownerApprovalRequired };
        this.append({ ...s, version: s.version + 1, updatedAt: at, instrument });
        updated.push(s.instrumentId);
      } else {
        this.append({ ...s, version: s.version + 1, withdrawnAt: at });
        withdrawn.push(s.instrumentId);
      }
    }
    return { updated, withdrawn };
  }

  // ------------------------------------------------------------ usage

  /** All or nothing: a conflict or an unknown instrument anywhere rejects the batch. */
  submitUsage(records: ProvinceUsageRecord[]): UsageAnswer {
    const fresh = new Map<string, { canonical: string; record: ProvinceUsageRecord }>();
    let duplicates = 0;
    for (const [index, record] of records.entries()) {
      const canonical = canonicalJson(record);
      const known = this.usage.get(record.recordId) ?? fresh.get(record.recordId);
      if (known) {
        if (known.canonical !== canonical) {
          return {
            ok: false,
            status: 409,
            field: `records[${index}].recordId`,
            message: `was received before with different content (recordId ${record.recordId})`,
          };
        }
        duplicates++;
        continue;
      }
      if (!this.byId.has(record.instrumentId)) {
        return {
          ok: false,
          status: 422,
          field: `records[${index}].instrumentId`,
          message: `is not an instrument listed on the provincial platform (${record.instrumentId})`,
        };
      }
      fresh.set(record.recordId, { canonical, record });
    }
    for (const entry of fresh.values()) {
      this.usage.set(entry.record.recordId, entry);
      const list = this.usageByInstrument.get(entry.record.instrumentId) ?? [];
      list.push(entry.record);
      this.usageByInstrument.set(entry.record.instrumentId, list);
    }
    return { ok: true, result: { received: records.length, created: fresh.size, duplicates } };
  }

  listUsage(instrumentId: string, from?: string, to?: string): ProvinceUsageRecord[] {
    return (this.usageByInstrument.get(instrumentId) ?? [])
      .filter((r) => (from === undefined || r.date >= from) && (to === undefined || r.date <= to))
      .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));
  }

  // ------------------------------------------------------------ usage sessions

  /** Sessions on the province's instruments recorded after `cursor`, oldest first; a correction sits at its latest position. */
  listUsageSessions(cursor: string | undefined, limit: number): FeedAnswer<ProvinceUsageSession> {
    return this.feed(this.sessionLog, 's', cursor, limit, (id) => this.sessions.get(id)!);
  }

  /**
   * Records a session as the province would (the hook tests drive): a new id
   * gets version 1, a held id is corrected with version + 1 and moves to the
   * end of the feed. The record must already be valid (tests build it).
   */
  recordUsageSession(input: UsageSessionInput): ProvinceUsageSession {
    const session: ProvinceUsageSession = { ...input, version: (this.sessions.get(input.id)?.version ?? 0) + 1 };
    this.putSession(session);
    return session;
  }

  usageSession(id: string): ProvinceUsageSession | undefined {
    return this.sessions.get(id);
  }

  private putSession(session: ProvinceUsageSession): void {
    this.sessions.set(session.id, session);
    this.sessionLog.append(session.id);
  }

  // ------------------------------------------------------------ pushes and state

  recordPush(entry: Omit<PushEntry, 'seq' | 'at'>): void {
    this.pushLog.push({ seq: ++this.pushSeq, at: this.clock.now().toISOString(), ...entry });
    // Bounded so a long benchmark cannot exhaust memory; tests read recent pushes.
    if (this.pushLog.length > this.maxPushes) this.pushLog.splice(0, this.pushLog.length - this.maxPushes);
  }

  pushes(filter: { instrumentId?: string; operation?: PushOperation } = {}): PushEntry[] {
    return this.pushLog.filter(
      (p) =>
        (filter.instrumentId === undefined || p.instrumentId === filter.instrumentId) && (filter.operation === undefined || p.operation === filter.operation),
    );
  }

  state(): SimState {
    const listed = [...this.byId.values()].filter((s) => s.withdrawnAt === undefined).sort((a, b) => (a.instrumentId < b.instrumentId ? -1 : 1));
    return {
      epoch: this.epoch,
      listed: listed.length,
      withdrawn: this.byId.size - listed.length,
      changes: this.log.length,
      usageRecords: this.usage.size,
      usageSessions: this.sessions.size,
      pushes: this.pushSeq,
      checksum: sha256Hex(listed.map((s) => `${s.instrumentId}@${s.version}\n`).join('')),
    };
  }
}

/** The region part of an id is the platform that reported it. */
export function reporterOf(instrumentId: string): string {
  return instrumentId.slice(0, instrumentId.indexOf(':'));
}
