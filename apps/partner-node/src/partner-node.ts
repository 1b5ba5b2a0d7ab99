import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { createHash, randomUUID } from 'node:crypto';
import {
  BookingServiceService,
  BookingStatus,
  CatalogServiceService,
  ConfidentialityStatus,
  IndicatorServiceService,
  type IndicatorServiceServer,
  type Booking,
  type BookingServiceServer,
  type CreateBookingRequest,
  type CatalogServiceServer,
  type ListChangesResponse,
  UsageOutcome,
  UsageServiceService,
  type UsageRecord,
  type UsageServiceServer,
} from '@app/contracts';
import type { Region } from '@app/common';
import { instrumentToWire } from '@app/federation';
import { estimateFee } from '@app/policy';
import { generateCatalog } from '@app/seed';
import { categoryIndicators, type OwnUse } from './partner-indicators';
import { PartnerStore, type StoreEntry } from './partner-store';
import { PartnerUsageLedger, type UsageFacts, type UsageSession } from './partner-usage';

/**
 * Fault modes for tests and demos of a misbehaving partner:
 * - `slow`: every change, and every indicator answer, is delayed by `slowMs` (beyond a client's deadline)
 * - `malformed`: every 10th record is broken (unknown category, bad money)
 * - `leak-confidential`: also sends its confidential records, labelled as such
 * - `duplicate-usage`: streams each usage session twice, the second time under
 *   another session id (a second session for the same booking and key)
 */
export type PartnerFault = 'none' | 'slow' | 'malformed' | 'leak-confidential' | 'duplicate-usage';

export interface PartnerNodeOptions {
  region: Region;
  host?: string;
  port?: number;
  count: number;
  seed?: number;
  /** Tokens of the platforms allowed to call us (the gateway's outbound token). */
  acceptedTokens: string[];
  fault?: PartnerFault;
  slowMs?: number;
  asOf?: string;
  /** Serve TLS; with `clientCaFile`, require client certificates it signed (mutual TLS). */
  tls?: { certFile: string; keyFile: string; clientCaFile?: string };
  /** Called for every ListChanges request (the CLI logs them with --verbose). */
  onListChanges?: (cursor: string) => void;
  /** The node's clock: a confirmed booking whose window ended before it becomes a session. Default: real time. */
  now?: () => Date;
}

export interface PartnerNode {
  address: string;
  store: PartnerStore;
  /** Every CreateBooking request as received on the wire, replays included (tests check Art. 17 and exactly-once). */
  received: CreateBookingRequest[];
  /** The node's calendar: every booking it holds. */
  bookings(): Booking[];
  /** The owning unit's decision on a booking it holds pending (instruments that require owner approval). */
  decide(bookingId: string, approve: boolean, reason?: string): Booking | undefined;
  /**
   * The owning unit records what happened in a confirmed booking's window, or
   * corrects it (same session, version + 1). Facts left out default to the
   * booking: completed, the booked window, the fee estimate, no samples
   * counted; `{ outcome: 'no_show' }` records a no-show (no times, no fee).
   * Undefined when the node holds no such confirmed booking. A confirmed
   * booking whose window has ended is recorded with the defaults anyway.
   */
  recordUsage(bookingId: string, facts?: Partial<UsageFacts>): UsageSession | undefined;
  /** Every usage session the node holds, in recording order. */
  usage(): UsageSession[];
  /** Use of one of its instruments by the partner's own users (IndicatorService counts it; it is no other platform's business otherwise). */
  recordOwnUse(use: OwnUse): void;
  setFault(fault: PartnerFault): void;
  close(): Promise<void>;
}

const CURSOR = 'p1.';
const DEFAULT_MAX = 5_000;
const USAGE_CURSOR = 'u1.';
const USAGE_DEFAULT_LIMIT = 500;
const USAGE_MAX_LIMIT = 5_000;

/**
 * Reference implementation of a YRD partner platform's adapter: its own
 * catalog and calendar behind the yrd.federation.v1 services. A partner can
 * take it as a template: replace PartnerStore with its database.
 */
export async function startPartnerNode(options: PartnerNodeOptions): Promise<PartnerNode> {
  const asOf = options.asOf ?? '2026-11-29';
  const store = new PartnerStore(options.region, asOf);
  const catalog = generateCatalog({ region: options.region, count: options.count, seed: options.seed ?? 1, asOf });
  store.load(catalog.units, catalog.instruments);
  let fault: PartnerFault = options.fault ?? 'none';
  const accepted = new Set(options.acceptedTokens);
  const now = options.now ?? (() => new Date());

  const authorize = (call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>): grpc.ServiceError | undefined => {
    const header = call.metadata.get('authorization')[0];
    const token = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (token && accepted.has(token)) return undefined;
    return status(grpc.status.UNAUTHENTICATED, token ? 'unknown token' : 'missing bearer token');
  };
  /**
   * Which platform is calling (after authorize): each accepted token is one
   * platform, named by a digest so the token itself is kept nowhere else.
   * Bookings, their idempotency keys and their usage belong to it.
   */
  const callerOf = (call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>): string => {
    const header = call.metadata.get('authorization')[0] as string;
    const token = /^Bearer\s+(\S+)$/i.exec(header)![1];
    return createHash('sha256').update(token).digest('hex').slice(0, 16);
  };

  const toWire = (e: StoreEntry, index: number) => {
    if (fault === 'leak-confidential' && !e.stored.shareable) {
      const wire = instrumentToWire({ ...e.stored, shareable: true, instrument: { ...e.stored.instrument, confidentiality: { status: 'none' } } }, e.unit);
      return { ...wire, confidentiality: ConfidentialityStatus.CONFIDENTIALITY_STATUS_CONFIDENTIAL };
    }
    const wire = instrumentToWire(e.stored, e.unit);
    return fault === 'malformed' && index % 10 === 0 ? { ...wire, categoryCode: '9999', valueFen: '-1' } : wire;
  };

  const catalogService: CatalogServiceServer = {
    listChanges: (call) => {
      // Any failure ends this call with INTERNAL, never the whole node.
      void (async () => {
        const denied = authorize(call);
        if (denied) return call.emit('error', denied);
        const cursor = call.request.cursor;
        options.onListChanges?.(cursor);
        if (cursor !== '' && !/^p1\.\d{1,15}$/.test(cursor))
          return call.emit('error', status(grpc.status.INVALID_ARGUMENT, 'cursor: not issued by this server'));
        const after = cursor === '' ? 0 : Number(cursor.slice(CURSOR.length));
        const max = Math.min(call.request.maxChanges || DEFAULT_MAX, 20_000);
        const page = store.changesAfter(after, max);
        let position = after;
        let index = 0;
        for (const e of page) {
          if (call.cancelled) return;
          position = e.seq;
          const visible = !e.deleted && (e.stored.shareable || fault === 'leak-confidential');
          let message: ListChangesResponse | undefined;
          const base = { instrumentId: e.stored.instrument.id, version: String(e.stored.instrument.version), cursor: `${CURSOR}${e.seq}` };
          if (visible) message = { event: { $case: 'change', change: { ...base, kind: { $case: 'upsert', upsert: toWire(e, index++) } } } };
          else if (e.everShared && after > 0)
            message = {
              event: {
                $case: 'change',
                change: { ...base, kind: { $case: 'tombstone', tombstone: { instrumentId: base.instrumentId, version: base.version } } },
              },
            };
          if (!message) continue;
          if (fault === 'slow') await new Promise((r) => setTimeout(r, options.slowMs ?? 2_000));
          if (!call.write(message)) await drainOrCancel(call);
        }
        call.write({ event: { $case: 'end', end: { nextCursor: `${CURSOR}${position}`, hasMore: page.length === max } } });
        call.end();
      })().catch((error: unknown) => call.emit('error', status(grpc.status.INTERNAL, error instanceof Error ? error.message : String(error))));
    },
    getInstrument: (call, callback) => {
      const denied = authorize(call);
      if (denied) return callback(denied);
      const e = store.get(call.request.id);
      if (!e || e.deleted || !e.stored.shareable) return callback(status(grpc.status.NOT_FOUND, `instrument ${call.request.id} not found`));
      callback(null, { instrument: instrumentToWire(e.stored, e.unit) });
    },
    // This reference node is pulled, not pushed to.
    pushChanges: (_call, callback) => callback(status(grpc.status.UNIMPLEMENTED, 'this platform does not accept pushed changes')),
    searchInstruments: (call, callback) => {
      const denied = authorize(call);
      if (denied) return callback(denied);
      const q = call.request.query.toLowerCase();
      const hits = store
        .shareable()
        .filter((e) => !q || [e.stored.instrument.name, e.stored.instrument.nameEn, e.stored.instrument.model].some((f) => f?.toLowerCase().includes(q)));
      const size = call.request.pageSize || 20;
      callback(null, { instruments: hits.slice(0, size).map((e) => instrumentToWire(e.stored, e.unit)), nextPageToken: '', total: String(hits.length) });
    },
  };

  // The partner's own calendar: it is the authority on its instruments' bookings.
  const bookings = new Map<string, Booking>();
  /** Who made each booking and with which key (booking.proto: keys are per calling partner). */
  const madeBy = new Map<string, { caller: string; idempotencyKey: string }>();
  const byKey = new Map<string, string>();
  const received: CreateBookingRequest[] = [];
  /** A booking of the calling platform: any other answers NOT_FOUND, like an unknown one. */
  const ownBooking = (caller: string, bookingId: string): Booking | undefined =>
    madeBy.get(bookingId)?.caller === caller ? bookings.get(bookingId) : undefined;
  const bookingService: BookingServiceServer = {
    checkAvailability: (call, callback) => {
      const denied = authorize(call);
      if (denied) return callback(denied);
      const busy = [...bookings.values()]
        .filter((b) => b.instrumentId === call.request.instrumentId && b.status === BookingStatus.BOOKING_STATUS_CONFIRMED)
        .map((b) => b.window!)
        .sort((a, b) => a.start!.getTime() - b.start!.getTime());
      callback(null, { busy });
    },
    createBooking: (call, callback) => {
      const denied = authorize(call);
      if (denied) return callback(denied);
      const r = call.request;
      received.push(r);
      if (!r.idempotencyKey) return callback(status(grpc.status.INVALID_ARGUMENT, 'idempotency_key: required'));
      const caller = callerOf(call);
      const keyed = `${caller}\u0000${r.idempotencyKey}`;
      const previous = byKey.get(keyed);
      if (previous) return callback(null, { booking: bookings.get(previous) });
      const e = store.get(r.instrumentId);
      if (!e || e.deleted || !e.stored.shareable) return callback(status(grpc.status.NOT_FOUND, `instrument ${r.instrumentId} not found`));
      const start = r.window?.start;
      const end = r.window?.end;
      if (!start || !end || start >= end) return callback(status(grpc.status.INVALID_ARGUMENT, 'window: start must be before end'));
      const clash = [...bookings.values()].some(
        (b) => b.instrumentId === r.instrumentId && b.status === BookingStatus.BOOKING_STATUS_CONFIRMED && b.window!.start! < end && start < b.window!.end!,
      );
      if (clash) return callback(status(grpc.status.FAILED_PRECONDITION, 'the window overlaps a confirmed booking'));
      const now = new Date();
      // Like ours, a unit may approve each booking of its instrument itself.
      const held = e.stored.instrument.requiresOwnerApproval === true;
      const booking: Booking = {
        id: randomUUID(),
        instrumentId: r.instrumentId,
        status: held ? BookingStatus.BOOKING_STATUS_PENDING_OWNER : BookingStatus.BOOKING_STATUS_CONFIRMED,
        window: r.window,
        requester: r.requester,
        purpose: r.purpose,
        sampleDescription: r.sampleDescription,
        reason: held ? 'the owning unit approves each booking of this instrument' : '',
        createdAt: now,
        updatedAt: now,
      };
      bookings.set(booking.id, booking);
      madeBy.set(booking.id, { caller, idempotencyKey: r.idempotencyKey });
      byKey.set(keyed, booking.id);
      callback(null, { booking });
    },
    cancelBooking: (call, callback) => {
      const denied = authorize(call);
      if (denied) return callback(denied);
      const b = ownBooking(callerOf(call), call.request.bookingId);
      if (!b) return callback(status(grpc.status.NOT_FOUND, 'booking not found'));
      if (b.status === BookingStatus.BOOKING_STATUS_CANCELLED) return callback(null, { booking: b });
      if (b.status === BookingStatus.BOOKING_STATUS_REJECTED || b.status === BookingStatus.BOOKING_STATUS_FAILED) {
        return callback(status(grpc.status.FAILED_PRECONDITION, `the booking is already ${BookingStatus[b.status]}`));
      }
      b.status = BookingStatus.BOOKING_STATUS_CANCELLED;
      b.reason = call.request.reason;
      b.updatedAt = new Date();
      callback(null, { booking: b });
    },
    getBooking: (call, callback) => {
      const denied = authorize(call);
      if (denied) return callback(denied);
      const b = ownBooking(callerOf(call), call.request.bookingId);
      if (!b) return callback(status(grpc.status.NOT_FOUND, 'booking not found'));
      callback(null, { booking: b });
    },
  };

  // What happened in the booked windows: the node is the authority on its instruments' use.
  const ledger = new PartnerUsageLedger();
  const defaultFacts = (b: Booking): UsageFacts => {
    const window = { start: b.window!.start!, end: b.window!.end! };
    const e = store.get(b.instrumentId);
    // A partner's user is always another unit: the external price (Art. 19).
    const estimate = e && estimateFee(e.stored.instrument.fee, window, { ownerUnitId: e.stored.instrument.unitId });
    // Fees per sample or item are counted at the instrument; the reference node assumes none beyond the setup fee.
    const feeCny = estimate ? (estimate.totalCny ?? estimate.setupFeeCny) : 0;
    return { outcome: 'completed', ...window, feeChargedFen: Math.round(feeCny * 100), samples: 0 };
  };
  const recordUsage = (bookingId: string, facts: Partial<UsageFacts> = {}): UsageSession | undefined => {
    const b = bookings.get(bookingId);
    const owner = madeBy.get(bookingId);
    if (!b || !owner || b.status !== BookingStatus.BOOKING_STATUS_CONFIRMED) return undefined;
    // A correction changes what it names and keeps the rest of what was recorded.
    const held = ledger.get(bookingId);
    const base = held?.outcome === 'completed' ? held : defaultFacts(b);
    const merged: UsageFacts =
      facts.outcome === 'no_show' ? { outcome: 'no_show', feeChargedFen: facts.feeChargedFen ?? 0, samples: 0 } : { ...base, ...facts, outcome: 'completed' };
    return ledger.record({ bookingId, instrumentId: b.instrumentId, ...owner }, merged);
  };
  /** Confirmed bookings whose window has ended were used as booked unless the unit said otherwise. */
  const settleEnded = (): void => {
    const at = now().getTime();
    const ended = [...bookings.values()]
      .filter((b) => b.status === BookingStatus.BOOKING_STATUS_CONFIRMED && b.window!.end!.getTime() <= at && !ledger.has(b.id))
      .sort((a, b) => a.window!.end!.getTime() - b.window!.end!.getTime() || (a.id < b.id ? -1 : 1));
    for (const b of ended) recordUsage(b.id);
  };
  const toUsageRecord = (s: UsageSession): UsageRecord => ({
    sessionId: s.sessionId,
    version: String(s.version),
    instrumentId: s.instrumentId,
    bookingId: s.bookingId,
    idempotencyKey: s.idempotencyKey,
    outcome: s.outcome === 'completed' ? UsageOutcome.USAGE_OUTCOME_COMPLETED : UsageOutcome.USAGE_OUTCOME_NO_SHOW,
    start: s.start,
    end: s.end,
    feeChargedFen: String(s.feeChargedFen),
    samples: s.samples,
    cursor: `${USAGE_CURSOR}${s.seq}`,
  });
  const usageService: UsageServiceServer = {
    listUsage: (call) => {
      void (async () => {
        const denied = authorize(call);
        if (denied) return call.emit('error', denied);
        const { cursor, limit } = call.request;
        // Plain positions: they show how many sessions (of any caller) were recorded in between.
        // A production server seals them (usage.proto), as the gateway does its change cursors.
        const match = /^u1\.(\d{1,15})$/.exec(cursor);
        if (cursor !== '' && (!match || Number(match[1]) > ledger.lastSeq))
          return call.emit('error', status(grpc.status.INVALID_ARGUMENT, 'cursor: not issued by this server'));
        if (limit < 0) return call.emit('error', status(grpc.status.INVALID_ARGUMENT, 'limit: must not be negative'));
        settleEnded();
        const page = ledger.after(callerOf(call), match ? Number(match[1]) : 0, Math.min(limit || USAGE_DEFAULT_LIMIT, USAGE_MAX_LIMIT));
        for (const s of page) {
          if (call.cancelled) return;
          if (!call.write(toUsageRecord(s))) await drainOrCancel(call);
          if (fault === 'duplicate-usage' && !call.write({ ...toUsageRecord(s), sessionId: `${s.sessionId}-dup` })) await drainOrCancel(call);
        }
        call.end();
      })().catch((error: unknown) => call.emit('error', status(grpc.status.INTERNAL, error instanceof Error ? error.message : String(error))));
    },
  };

  const ownUse: OwnUse[] = [];
  const indicatorService: IndicatorServiceServer = {
    getCategoryIndicators: (call, callback) => {
      const denied = authorize(call);
      if (denied) return callback(denied);
      settleEnded();
      const answer = categoryIndicators(call.request, store, ledger.all(), ownUse, now());
      if ('code' in answer) return callback(status(answer.code, answer.details));
      // `slow`: the answer comes after the caller's deadline.
      if (fault === 'slow') setTimeout(() => callback(null, answer), options.slowMs ?? 2_000).unref();
      else callback(null, answer);
    },
  };

  const server = new grpc.Server();
  server.addService(CatalogServiceService, catalogService);
  server.addService(BookingServiceService, bookingService);
  server.addService(UsageServiceService, usageService);
  server.addService(IndicatorServiceService, indicatorService);
  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port ?? 0}`, serverCredentials(options.tls), (error, p) => (error ? reject(error) : resolve(p))),
  );
  return {
    address: `${host}:${port}`,
    store,
    received,
    bookings: () => [...bookings.values()],
    decide: (bookingId, approve, reason = '') => {
      const b = bookings.get(bookingId);
      if (!b || b.status !== BookingStatus.BOOKING_STATUS_PENDING_OWNER) return undefined;
      const clash =
        approve &&
        [...bookings.values()].some(
          (o) =>
            o.instrumentId === b.instrumentId &&
            o.status === BookingStatus.BOOKING_STATUS_CONFIRMED &&
            o.window!.start! < b.window!.end! &&
            b.window!.start! < o.window!.end!,
        );
      b.status = approve && !clash ? BookingStatus.BOOKING_STATUS_CONFIRMED : BookingStatus.BOOKING_STATUS_REJECTED;
      b.reason = clash ? 'the window was taken meanwhile' : reason;
      b.updatedAt = new Date();
      return b;
    },
    recordUsage,
    usage: () => {
      settleEnded();
      return ledger.all();
    },
    recordOwnUse: (use) => {
      if (!store.get(use.instrumentId)) throw new RangeError(`no instrument ${use.instrumentId} in this store`);
      if (!(use.start.getTime() < use.end.getTime())) throw new RangeError('own use needs start < end');
      ownUse.push({ ...use });
    },
    setFault: (f) => (fault = f),
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1_000).unref();
      }),
  };
}

function serverCredentials(tls: PartnerNodeOptions['tls']): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(
    tls.clientCaFile ? fs.readFileSync(tls.clientCaFile) : null,
    [{ private_key: fs.readFileSync(tls.keyFile), cert_chain: fs.readFileSync(tls.certFile) }],
    !!tls.clientCaFile,
  );
}

/** Waits for the stream to drain (or the caller to go away), leaving no listener behind. */
function drainOrCancel(call: grpc.ServerWritableStream<unknown, unknown>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      resolve();
    };
    call.once('drain', done);
    call.once('cancelled', done);
  });
}

function status(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}
