import type { INestApplicationContext } from '@nestjs/common';
import { SeedCatalogUseCase } from '@app/catalog';
import type { Region } from '@app/common';
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

export function demoCatalog(region: Region): GeneratedCatalog {
  return generateCatalog({ region, count: region === 'jiaxing' ? JIAXING_INSTRUMENTS : PARTNER_INSTRUMENTS, seed: DEMO_SEED });
}

/**
 * Seeds the demo's Jiaxing catalog and a year of its use up to `now`:
 * sessions of our instruments by our units, natural persons and every
 * partner's units; Jiaxing users' sessions on the partners' instruments (as
 * their usage feeds report them); IoT power-on runs of our sensor instruments
 * from one gateway per unit. Deterministic and idempotent: a second start the
 * same day adds nothing, a later one only what happened since.
 */
export async function seedDemo(app: INestApplicationContext, opts: { partners: readonly DemoPartner[]; now: Date }) {
  const catalog = demoCatalog('jiaxing');
  const seeded = await app.get(SeedCatalogUseCase).execute({ region: 'jiaxing', sourcePlatform: 'local', ...catalog });
  const usage = generateUsage({
    home: { region: 'jiaxing', ...catalog },
    partners: opts.partners.map((p) => ({ region: p.region, source: `partner:${p.id}` as const, ...demoCatalog(p.region) })),
    now: opts.now,
    seed: DEMO_SEED,
  });
  const used: SeedUsageResult = await app.get(SeedUsageUseCase).execute({
    sessions: usage.sessions,
    power: usage.power.map((b) => ({ gateway: { id: b.gatewayId, unitIds: [b.unitId] }, events: b.events })),
  });
  return { catalog, seeded, usage: { ...used, idle: usage.idle } };
}
