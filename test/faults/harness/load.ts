import { randomUUID } from 'node:crypto';
import type { InstrumentInput } from '@app/catalog';
import { instrumentsCsv } from '../../support/import-files';
import { sem } from '../../support/gateway';
import { PARTNER_REGIONS, type PartnerRegion, type Topology } from './topology';

export const OPERATIONS = ['search', 'local-booking', 'remote-booking', 'import', 'partner-change'] as const;
export type Operation = (typeof OPERATIONS)[number];
const MIX: [Operation, number][] = [
  ['search', 45],
  ['local-booking', 25],
  ['remote-booking', 10],
  ['import', 10],
  ['partner-change', 10],
];

/** A booking the gateway acknowledged (201, or 200 for a replay of the same key): it must never be lost. */
export interface AcknowledgedBooking {
  id: string;
  sub: string;
  key: string;
  instrumentId: string;
  at: number;
}

export interface PhaseFigures {
  /** Logical operations started, and those that never succeeded (after the client's retries). */
  operations: number;
  failed: number;
  /** HTTP attempts answered 5xx, cut, or timed out (each retry counts). */
  attemptErrors: number;
  /** Refusals the rules call for (409 slot taken, 422, …): not failures. */
  refused: number;
  acknowledgedBookings: number;
  durationMs: number;
}

export const LOAD_USERS = ['user-01', 'user-02', 'user-03', 'user-04', 'user-05'];
const DAY = 86_400_000;

/** A slot a few days ahead at a whole hour, China time: few enough that bookings compete for them. */
function slot(rand: () => number): { start: string; end: string } {
  const day = new Date(Date.now() + 8 * 3_600_000 + (2 + Math.floor(rand() * 5)) * DAY).toISOString().slice(0, 10);
  const hour = 8 + Math.floor(rand() * 8);
  const at = (h: number) => `${day}T${String(h).padStart(2, '0')}:00:00+08:00`;
  return { start: at(hour), end: at(hour + 1) };
}

type PartnerStore = Topology['partners'][PartnerRegion]['store'];

/** A unit at the partner edits one of its instruments: a new version its next change feed carries. */
export function revise(store: PartnerStore, entry: ReturnType<PartnerStore['all']>[number], description: string): void {
  const { id: _id, region: _region, sourcePlatform: _source, version: _version, createdAt: _created, updatedAt: _updated, ...input } = entry.stored.instrument;
  store.upsert({ ...(input as InstrumentInput), description });
}

/** Deterministic per run, so a failing run can be replayed with the same choices. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mixed load on both replicas, as a load balancer would spread it: searches,
 * bookings of our instruments and of partners' (forwarded), CSV imports, and
 * changes at the partners that their pulls must bring in. A client retries a
 * booking with the same idempotency key, as our API tells it to.
 */
export class LoadGenerator {
  readonly acknowledged: AcknowledgedBooking[] = [];
  private readonly phases = new Map<string, PhaseFigures & { startedAt: number }>();
  private phase = 'before';
  private running = false;
  private workers: Promise<void>[] = [];
  private readonly rand: () => number;
  private tokens = new Map<string, string>();
  private remoteInstruments: string[] = [];
  private remoteByRegion = new Map<string, string[]>();
  private imports = 0;
  private changes = 0;
  private next = 0;

  constructor(
    private readonly topology: Topology,
    private readonly options: { concurrency: number; seed?: number; requestTimeoutMs?: number; without?: Operation[] },
  ) {
    this.rand = mulberry32(options.seed ?? 42);
  }

  async prepare(): Promise<void> {
    for (const sub of LOAD_USERS) this.tokens.set(sub, await this.topology.token('user', 'jx-u002', sub));
    this.tokens.set('importer', await this.topology.token('unit_admin', 'jx-u001', 'importer'));
    // Partner instruments already synced here that their owner confirms at once.
    const synced = new Set(
      (
        await this.topology.sql.query<{ id: string }>("SELECT id FROM instruments WHERE source_platform <> 'local' AND deleted_at IS NULL AND shareable")
      ).rows.map((r) => r.id),
    );
    for (const region of PARTNER_REGIONS) {
      const bookable = this.topology.partners[region].store
        .shareable()
        .filter((e) => !e.stored.instrument.requiresOwnerApproval && !e.stored.customsGated && synced.has(e.stored.instrument.id))
        .slice(0, 4)
        .map((e) => e.stored.instrument.id);
      this.remoteByRegion.set(region, bookable);
    }
    this.remoteInstruments = [...this.remoteByRegion.values()].flat();
    if (this.remoteInstruments.length === 0) throw new Error('no partner instrument synced yet to book');
  }

  start(phase = 'before'): void {
    this.mark(phase);
    if (this.running) return;
    this.running = true;
    this.workers = Array.from({ length: this.options.concurrency }, () => this.loop());
  }

  /** Labels what follows (`during`, `after`, …): each phase gets its own figures. */
  mark(phase: string): void {
    this.phase = phase;
    if (!this.phases.has(phase))
      this.phases.set(phase, { operations: 0, failed: 0, attemptErrors: 0, refused: 0, acknowledgedBookings: 0, durationMs: 0, startedAt: Date.now() });
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  figures(): Record<string, PhaseFigures> {
    const out: Record<string, PhaseFigures> = {};
    const list = [...this.phases.entries()];
    for (const [i, [name, f]] of list.entries()) {
      const end = list[i + 1]?.[1].startedAt ?? Date.now();
      const { startedAt, ...rest } = f;
      out[name] = { ...rest, durationMs: end - startedAt };
    }
    return out;
  }

  /** One booking of one of our instruments, retried until acknowledged, refused, or `budgetMs` runs out. */
  bookLocal(budgetMs = 15_000): Promise<AcknowledgedBooking | 'refused' | 'failed'> {
    return this.book(`jiaxing:jx-u001.FLT-${Math.floor(this.rand() * 6)}`, budgetMs);
  }

  /** One booking of an instrument of this partner (forwarded to it), as `bookLocal`. */
  bookAt(region: PartnerRegion, budgetMs = 15_000): Promise<AcknowledgedBooking | 'refused' | 'failed'> {
    const ids = this.remoteByRegion.get(region) ?? [];
    return this.book(ids[Math.floor(this.rand() * ids.length)], budgetMs);
  }

  private figuresNow() {
    return this.phases.get(this.phase)!;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const op = this.pick();
      const f = this.figuresNow();
      f.operations++;
      let ok = false;
      try {
        ok = await this.run(op);
      } catch {
        ok = false;
      }
      if (!ok) this.figuresNow().failed++;
    }
  }

  private pick(): Operation {
    const mix = MIX.filter(([op]) => !this.options.without?.includes(op));
    let r = this.rand() * mix.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [op, weight] of mix) if ((r -= weight) < 0) return op;
    return 'search';
  }

  private async run(op: Operation): Promise<boolean> {
    switch (op) {
      case 'search': {
        const q = ['显微镜', 'FAULT-MODEL', '质谱', 'microscope', '光谱仪'][Math.floor(this.rand() * 5)];
        return (await this.retried('GET', `/api/v1/instruments?q=${encodeURIComponent(q)}&pageSize=5`, () => undefined, {}, 5_000)) !== undefined;
      }
      case 'local-booking':
        return (await this.book(`jiaxing:jx-u001.FLT-${Math.floor(this.rand() * 6)}`, 15_000)) !== 'failed';
      case 'remote-booking':
        return (await this.book(this.remoteInstruments[Math.floor(this.rand() * this.remoteInstruments.length)], 15_000)) !== 'failed';
      case 'import': {
        // Rows are keyed by id and content hash: a retried upload changes nothing.
        const n = ++this.imports;
        const rows: InstrumentInput[] = [0, 1].map((i) => sem({ localId: `IMP-${process.pid}-${n}-${i}`, model: `IMPORT-${n}-${i}`, unitId: 'jx-u001' }));
        const csv = instrumentsCsv(rows);
        const form = () => {
          const data = new FormData();
          data.append('file', new Blob([csv], { type: 'text/csv' }), 'instruments.csv');
          return data;
        };
        return (
          (await this.retried('POST', '/api/v1/instruments/import', form, { authorization: `Bearer ${this.tokens.get('importer')}` }, 20_000)) !== undefined
        );
      }
      case 'partner-change': {
        // A unit at a partner edits an instrument: the next pull must bring the new version in.
        const region = PARTNER_REGIONS[Math.floor(this.rand() * PARTNER_REGIONS.length)];
        const store = this.topology.partners[region].store;
        const entries = store.shareable();
        const e = entries[Math.floor(this.rand() * entries.length)];
        revise(store, e, `revision ${++this.changes}`);
        return true;
      }
    }
  }

  /** Retries on the next replica (as a load balancer would) until an answer the client can act on, or the budget runs out. */
  private async retried(method: string, path: string, body: () => string | FormData | undefined, headers: Record<string, string>, budgetMs: number) {
    const deadline = Date.now() + budgetMs;
    while (Date.now() < deadline) {
      const answer = await this.request(method, path, body(), headers, Math.max(500, Math.min(8_000, deadline - Date.now())));
      if (answer) return answer;
      await new Promise((r) => setTimeout(r, 200));
    }
    return undefined;
  }

  /** A booking retried with its idempotency key: acknowledged, refused by the rules (slot taken …), or failed. */
  private async book(instrumentId: string, budgetMs: number): Promise<AcknowledgedBooking | 'refused' | 'failed'> {
    const sub = LOAD_USERS[Math.floor(this.rand() * LOAD_USERS.length)];
    const key = `load-${randomUUID()}`;
    const body = JSON.stringify({ instrumentId, ...slot(this.rand), purpose: '故障注入负载测试' });
    const headers = { authorization: `Bearer ${this.tokens.get(sub)}`, 'idempotency-key': key, 'content-type': 'application/json' };
    const deadline = Date.now() + budgetMs;
    while (Date.now() < deadline) {
      const answer = await this.retried('POST', '/api/v1/bookings', () => body, headers, deadline - Date.now());
      if (!answer) return 'failed';
      if (answer.status === 200 || answer.status === 201) {
        const ack = { id: (answer.body as { id: string }).id, sub, key, instrumentId, at: Date.now() };
        this.acknowledged.push(ack);
        this.figuresNow().acknowledgedBookings++;
        return ack;
      }
      // The same key still being processed (by a replica that may have died holding it): ask again.
      if ((answer.body as { code?: string } | undefined)?.code !== 'REQUEST_IN_FLIGHT') return 'refused';
      await new Promise((r) => setTimeout(r, 200));
    }
    return 'failed';
  }

  /**
   * One attempt on the next replica: the answer when it is one the client can
   * act on (2xx, 4xx), undefined for 5xx, a cut connection or a timeout.
   */
  private async request(
    method: string,
    path: string,
    body: string | FormData | undefined,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<{ status: number; body: unknown } | undefined> {
    const urls = this.topology.replicaUrls();
    const url = urls[this.next++ % urls.length];
    try {
      const res = await fetch(`${url}${path}`, { method, body, headers, signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? timeoutMs) });
      const text = await res.text();
      if (res.status >= 500) {
        this.figuresNow().attemptErrors++;
        return undefined;
      }
      if (res.status >= 400) this.figuresNow().refused++;
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    } catch {
      this.figuresNow().attemptErrors++;
      return undefined;
    }
  }
}
