import { BookingStatus as WireStatus } from '@app/contracts';
import type { AcknowledgedBooking } from './load';
import { PARTNER_REGIONS, type PartnerRegion, type Topology } from './topology';

const STATUSES = ['requested', 'awaiting_customs', 'pending_owner', 'forwarding', 'confirmed', 'rejected', 'failed', 'cancelled', 'completed', 'no_show'];

/** A broken invariant, with enough detail to find the rows. */
export type Violation = string;

/**
 * The quality bar, read from PostgreSQL and the partners' stores (never the
 * API's word). Each returns the violations found; an empty list is a pass.
 */
export async function acknowledgedBookingsKept(t: Topology, acknowledged: AcknowledgedBooking[]): Promise<Violation[]> {
  const out: Violation[] = [];
  const rows = (
    await t.sql.query<{ id: string; requester_sub: string; idempotency_key: string; status: string }>(
      "SELECT id, requester_sub, idempotency_key, status FROM bookings WHERE requester_kind = 'user'",
    )
  ).rows;
  const byKey = new Map<string, typeof rows>();
  for (const r of rows) byKey.set(`${r.requester_sub}\u0000${r.idempotency_key}`, [...(byKey.get(`${r.requester_sub}\u0000${r.idempotency_key}`) ?? []), r]);
  for (const a of acknowledged) {
    const found = byKey.get(`${a.sub}\u0000${a.key}`) ?? [];
    if (found.length !== 1) out.push(`booking ${a.id} (key ${a.key}) acknowledged but stored ${found.length} times`);
    else if (found[0].id !== a.id) out.push(`booking key ${a.key} acknowledged as ${a.id} but stored as ${found[0].id}`);
    else if (!STATUSES.includes(found[0].status)) out.push(`booking ${a.id} in unknown status ${found[0].status}`);
  }
  return out;
}

/** Forwarded bookings have all left `forwarding` (every partner answers again): nothing waits forever. */
export async function forwardingSettled(t: Topology): Promise<Violation[]> {
  const rows = (
    await t.sql.query<{ id: string; owner_platform: string; reason: string | null }>(
      "SELECT id, owner_platform, reason FROM bookings WHERE status = 'forwarding'",
    )
  ).rows;
  return rows.map((r) => `booking ${r.id} still forwarding to ${r.owner_platform}: ${r.reason ?? ''}`);
}

export async function noOverlappingConfirmed(t: Topology): Promise<Violation[]> {
  const here = (
    await t.sql.query<{ a: string; b: string; instrument_id: string }>(
      `SELECT a.id AS a, b.id AS b, a.instrument_id FROM bookings a JOIN bookings b
         ON a.instrument_id = b.instrument_id AND a.id < b.id AND a.period && b.period
       WHERE a.status = 'confirmed' AND b.status = 'confirmed'`,
    )
  ).rows.map((r) => `confirmed bookings ${r.a} and ${r.b} of ${r.instrument_id} overlap here`);
  const there: Violation[] = [];
  for (const region of PARTNER_REGIONS) {
    const confirmed = t.partners[region].bookings().filter((b) => b.status === WireStatus.BOOKING_STATUS_CONFIRMED);
    for (const [i, a] of confirmed.entries()) {
      for (const b of confirmed.slice(i + 1)) {
        if (a.instrumentId === b.instrumentId && a.window!.start! < b.window!.end! && b.window!.start! < a.window!.end!)
          there.push(`confirmed bookings ${a.id} and ${b.id} of ${a.instrumentId} overlap at ${region}`);
      }
    }
  }
  return [...here, ...there];
}

/**
 * Every booking we forwarded exists at its partner exactly once, and the
 * partner holds no booking of ours we do not know: retries reach it with the
 * same key and are answered with the booking it already made.
 */
export async function forwardedExactlyOnce(t: Topology): Promise<Violation[]> {
  const out: Violation[] = [];
  const ours = (
    await t.sql.query<{ id: string; owner_platform: string; remote_booking_id: string | null; instrument_id: string; status: string }>(
      "SELECT id, owner_platform, remote_booking_id, instrument_id, status FROM bookings WHERE owner_platform <> 'local'",
    )
  ).rows;
  for (const region of PARTNER_REGIONS) {
    const node = t.partners[region];
    const theirs = node.bookings();
    const mine = ours.filter((b) => b.owner_platform === region);
    const remoteIds = new Set(mine.map((b) => b.remote_booking_id).filter((x): x is string => !!x));
    for (const b of mine) {
      if (!b.remote_booking_id) continue;
      const held = theirs.filter((x) => x.id === b.remote_booking_id);
      if (held.length !== 1) out.push(`booking ${b.id} forwarded to ${region} as ${b.remote_booking_id}, which ${region} holds ${held.length} times`);
      else if (held[0].instrumentId !== b.instrument_id) out.push(`booking ${b.id}: ${region} holds ${b.remote_booking_id} for another instrument`);
    }
    for (const x of theirs)
      if (!remoteIds.has(x.id))
        out.push(`${region} holds booking ${x.id} of ${x.instrumentId} that no booking of ours refers to (a duplicate or a lost acknowledgement)`);
    const received = new Set(node.received.map((r) => r.idempotencyKey));
    for (const b of mine)
      if (b.remote_booking_id && !received.has(`yrd-jiaxing-${b.id}`)) out.push(`booking ${b.id} has a remote id but ${region} never received its key`);
  }
  return out;
}

/**
 * A source's committed cursor never runs ahead of what we stored: every
 * record the partner changed at or before it is here at that version, or
 * recorded as rejected with its reason.
 */
export async function cursorsBehindStored(t: Topology): Promise<Violation[]> {
  const out: Violation[] = [];
  const cursors = new Map(
    (await t.sql.query<{ id: string; cursor: string | null }>('SELECT id, cursor FROM federation_sources')).rows.map((r) => [r.id, r.cursor]),
  );
  for (const region of PARTNER_REGIONS) {
    const cursor = cursors.get(region);
    if (!cursor) continue;
    const missing = await notHereUpTo(t, region, Number(cursor.replace(/^p1\./, '')));
    out.push(...missing.map((m) => `${region} cursor ${cursor} is past ${m}`));
  }
  return out;
}

/** Everything the partner holds now is here at its version (or refused with its reason): its changes all came in, none was lost on the way. */
export async function partnerSynced(t: Topology, region: PartnerRegion): Promise<Violation[]> {
  return (await notHereUpTo(t, region, Number.POSITIVE_INFINITY)).map((m) => `${region} holds ${m}`);
}

/** The partner's records changed at or before `position` that are not here as the partner holds them. */
async function notHereUpTo(t: Topology, region: PartnerRegion, position: number): Promise<string[]> {
  const out: string[] = [];
  const covered = t.partners[region].store.all().filter((e) => e.seq <= position);
  const ids = covered.map((e) => e.stored.instrument.id);
  const stored = new Map(
    (
      await t.sql.query<{ id: string; version: string; deleted: boolean }>(
        'SELECT id, version::text, deleted_at IS NOT NULL AS deleted FROM instruments WHERE id = ANY($1)',
        [ids],
      )
    ).rows.map((r) => [r.id, r]),
  );
  const rejected = new Set(
    (await t.sql.query<{ k: string }>("SELECT instrument_id || '@' || version AS k FROM federation_errors WHERE source_id = $1", [region])).rows.map(
      (r) => r.k,
    ),
  );
  for (const e of covered) {
    const id = e.stored.instrument.id;
    const version = String(e.stored.instrument.version);
    const row = stored.get(id);
    if (e.deleted || !e.stored.shareable) {
      if (row && !row.deleted) out.push(`the removal of ${id}, still live here`);
    } else if (!(row && !row.deleted && row.version === version) && !rejected.has(`${id}@${version}`)) {
      out.push(`${id} v${version} (seq ${e.seq}), stored here as ${row ? `v${row.version}${row.deleted ? ' deleted' : ''}` : 'nothing'}`);
    }
  }
  return out;
}

/** Each replica's index holds what PostgreSQL holds (public documents: the count it may disclose). */
export async function indexesMatchDatabase(t: Topology): Promise<Violation[]> {
  const { rows } = await t.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM instruments WHERE deleted_at IS NULL AND shareable');
  const expected = Number(rows[0].n);
  const out: Violation[] = [];
  for (const replica of t.replicas) {
    const indexed = await t.indexedDocuments(replica);
    if (indexed !== expected) out.push(`${replica.name} indexes ${indexed} public instruments, PostgreSQL holds ${expected}`);
  }
  return out;
}

/**
 * Nothing confidential leaves (Art. 2, 11, 17): none of our hidden
 * instruments in the province's store or its push log, nor in any partner's
 * booking requests; no user's own id in what partners received; and no
 * partner's non-shareable record stored here as shareable.
 */
export async function nothingConfidentialLeft(t: Topology, userSubs: string[]): Promise<Violation[]> {
  const out: Violation[] = [];
  const hidden = (await t.sql.query<{ id: string }>("SELECT id FROM instruments WHERE source_platform = 'local' AND NOT shareable")).rows.map((r) => r.id);
  const pushes = t.province.store.pushes();
  for (const id of hidden) {
    const held = t.province.store.get(id);
    if (held && !('withdrawn' in held)) out.push(`the province holds our confidential instrument ${id}`);
    if (pushes.some((p) => p.instrumentId === id)) out.push(`our confidential instrument ${id} is in the province's push log`);
  }
  for (const region of PARTNER_REGIONS) {
    const text = JSON.stringify(t.partners[region].received);
    for (const id of hidden) if (text.includes(id)) out.push(`${region} received our confidential instrument ${id}`);
    for (const sub of userSubs) if (text.includes(sub)) out.push(`${region} received the user id ${sub} (Art. 17: a pseudonym only)`);
    const theirHidden = t.partners[region].store
      .all()
      .filter((e) => !e.stored.shareable)
      .map((e) => e.stored.instrument.id);
    const leaked = (await t.sql.query<{ id: string }>('SELECT id FROM instruments WHERE id = ANY($1) AND deleted_at IS NULL AND shareable', [theirHidden]))
      .rows;
    for (const r of leaked) out.push(`${region}'s confidential ${r.id} is stored here as shareable`);
  }
  return out;
}

export interface InvariantReport {
  acknowledged: number;
  violations: Record<string, Violation[]>;
}

/** All of them, after the system caught up (partners answering, forwarding drained, indexes followed). */
export async function checkInvariants(t: Topology, acknowledged: AcknowledgedBooking[], userSubs: string[]): Promise<InvariantReport> {
  return {
    acknowledged: acknowledged.length,
    violations: {
      acknowledgedBookingsKept: await acknowledgedBookingsKept(t, acknowledged),
      noOverlappingConfirmed: await noOverlappingConfirmed(t),
      forwardedExactlyOnce: await forwardedExactlyOnce(t),
      cursorsBehindStored: await cursorsBehindStored(t),
      indexesMatchDatabase: await indexesMatchDatabase(t),
      nothingConfidentialLeft: await nothingConfidentialLeft(t, userSubs),
    },
  };
}
