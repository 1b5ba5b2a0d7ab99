import type { INestApplicationContext } from '@nestjs/common';
import { SeedBookingsUseCase } from '@app/booking';
import { SeedCatalogUseCase } from '@app/catalog';
import { instrumentId, sha256Hex, type Region } from '@app/common';
import { ScanDutiesUseCase } from '@app/compliance';
import { PushProvinceUseCase } from '@app/federation';
import { addWorkingDays } from '@app/policy';
import { generateCatalog, generateUsage, type GeneratedCatalog } from '@app/seed';
import { SeedUsageUseCase, type SeedUsageResult } from '@app/usage';

/** The demo's catalogs: Jiaxing's own, and what each reference partner node serves (same generator, same seed). */
export const DEMO_SEED = 1;
export const JIAXING_INSTRUMENTS = 1_200;
export const PARTNER_INSTRUMENTS = 1_000;

export interface DemoPartner {
  /** Partner id of the partners file: its usage feed is `partner:<id>`. */
  id: string;
  region: Region;
}

/** `jiaxingInstruments` shrinks Jiaxing's catalog (tests); the demo itself always seeds JIAXING_INSTRUMENTS. */
export function demoCatalog(region: Region, jiaxingInstruments = JIAXING_INSTRUMENTS): GeneratedCatalog {
  return generateCatalog({ region, count: region === 'jiaxing' ? jiaxingInstruments : PARTNER_INSTRUMENTS, seed: DEMO_SEED });
}

/**
 * Seeds the demo's Jiaxing catalog and its use up to `now` (a year for four
 * instruments per unit, the last 60 days for the others): the bookings of our
 * instruments by our units, natural persons and every partner's users, each
 * requested, confirmed and closed by the owning unit, and the sessions they
 * were closed with (written after the bookings they name), plus confirmed
 * bookings for the coming two weeks; Jiaxing users' sessions on the partners'
 * instruments (as their usage feeds report them); IoT power-on runs of our
 * sensor instruments from one gateway per unit. Deterministic and idempotent:
 * a second start the same day adds nothing, a later one only what happened
 * since (and closes the bookings that were ahead).
 */
export async function seedDemo(app: INestApplicationContext, opts: { partners: readonly DemoPartner[]; now: Date; jiaxingInstruments?: number }) {
  const catalog = demoCatalog('jiaxing', opts.jiaxingInstruments);
  const seeded = await app.get(SeedCatalogUseCase).execute({ region: 'jiaxing', sourcePlatform: 'local', ...catalog });
  const usage = generateUsage({
    home: { region: 'jiaxing', ...catalog },
    partners: opts.partners.map((p) => ({ region: p.region, source: `partner:${p.id}` as const, ...demoCatalog(p.region) })),
    now: opts.now,
    seed: DEMO_SEED,
  });
  const bookings = await app.get(SeedBookingsUseCase).execute(usage.bookings);
  const used: SeedUsageResult = await app.get(SeedUsageUseCase).execute({
    sessions: usage.sessions,
    power: usage.power.map((b) => ({ gateway: { id: b.gatewayId, unitIds: [b.unitId] }, events: b.events })),
  });
  return { catalog, seeded, bookings, usage: { ...used, idle: usage.idle } };
}

/** Working days the province took to list a record, by instrument: most within the 30 of Art. 13, a quarter beyond. */
function listingDelay(id: string): number {
  const h = Number.parseInt(sha256Hex(`listing|${id}`).slice(0, 8), 16);
  return h % 4 === 0 ? 31 + ((h >>> 2) % 30) : 5 + ((h >>> 2) % 26);
}

/**
 * What the simulated province already lists of the demo's Jiaxing catalog
 * (instrument id → its listing date): each shareable instrument with service
 * terms, listed 5–60 working days after its acceptance (deterministic by id),
 * if that day is not after `today`. Records without a fee standard are not
 * there: the province's review refuses them (`review`), so they stay
 * unlisted and, 30 working days after acceptance, overdue (Art. 13).
 */
export function demoProvinceHistory(today: string, jiaxingInstruments?: number): Record<string, string> {
  const history: Record<string, string> = {};
  for (const i of demoCatalog('jiaxing', jiaxingInstruments).instruments) {
    if (i.confidentiality.status !== 'none' || i.fee === undefined || i.acceptanceDate === undefined) continue;
    const id = instrumentId('jiaxing', i.unitId, i.localId);
    const listedOn = addWorkingDays(i.acceptanceDate, listingDelay(id));
    if (listedOn <= today) history[id] = listedOn;
  }
  return history;
}

/**
 * The demo's first day with the province: one push of our catalog (each
 * answer's `listedOn` becomes the instrument's Art. 13 evidence; refusals
 * land in the source's errors), then one run of the daily duty scan, so the
 * reminders exist on first start. The scan waits for a complete push of
 * ours: run before it, every instrument not yet acknowledged would look
 * unlisted. A scheduled push running meanwhile ('busy') is waited out.
 */
export async function syncProvinceAndScan(app: INestApplicationContext, provinceId: string, opts: { attempts?: number; waitMs?: number } = {}) {
  const push = app.get(PushProvinceUseCase);
  const attempts = opts.attempts ?? 120;
  let outcome = await push.execute(provinceId);
  for (let i = 1; outcome === 'busy' && i < attempts; i++) {
    await new Promise((resolve) => setTimeout(resolve, opts.waitMs ?? 500));
    outcome = await push.execute(provinceId);
  }
  if (outcome !== 'synced') return { push: outcome, scan: undefined };
  return { push: outcome, scan: await app.get(ScanDutiesUseCase).execute() };
}
