import { DomainError } from './domain-error';

export const REGIONS = ['jiaxing', 'zhejiang', 'shanghai', 'jiangsu', 'anhui'] as const;
export type Region = (typeof REGIONS)[number];

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

/**
 * Regions whose registry holds many management units, each numbering its
 * instruments its own way (the inventory number): there, an instrument's id is
 * scoped to its unit, so two units may both register "SEM-01" and no unit can
 * name, collide with or inherit another unit's instrument, hidden or withdrawn
 * (Art. 2, 11). Partner platforms mint their own ids.
 */
const UNIT_SCOPED_REGIONS: ReadonlySet<Region> = new Set<Region>(['jiaxing']);

/**
 * Ids of units whose instruments are unit-scoped. `.` separates the unit from
 * the local id in an instrument id, so it is not allowed here (local ids may
 * contain it); short enough that `<unitId>.<localId>` stays within 128.
 */
export const SCOPED_UNIT_ID = /^[A-Za-z0-9_-]{1,32}$/;

export function isUnitScopedRegion(region: Region): boolean {
  return UNIT_SCOPED_REGIONS.has(region);
}

/**
 * The one definition of an instrument's id: `<region>:<localId>` for partner
 * platforms, `<region>:<unitId>.<localId>` for unit-scoped registries
 * (Jiaxing). Always of the shape `parseInstrumentId` accepts.
 */
export function instrumentId(region: Region, unitId: string, localId: string): string {
  if (!isUnitScopedRegion(region)) return `${region}:${localId}`;
  // A unit registered before ids were unit-scoped may hold an id that cannot scope one: its
  // instruments are refused a write with a 400 naming the field, wherever they are written.
  if (!SCOPED_UNIT_ID.test(unitId))
    throw DomainError.validation([
      { field: 'unitId', message: `unit id ${JSON.stringify(unitId)} cannot scope an instrument id (letters, digits, _ -, at most 32)` },
    ]);
  return `${region}:${unitId}.${localId}`;
}

/** Local ids of every platform: printable, no spaces, bounded (they travel in URLs, SQL and logs). */
const LOCAL_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * `localId` is the platform's part of the id after the first colon (for a
 * unit-scoped registry, `<unitId>.<localId>`).
 */
export function parseInstrumentId(id: string): { region: Region; localId: string } | null {
  if (typeof id !== 'string' || id.length > 160) return null;
  const colon = id.indexOf(':');
  if (colon <= 0) return null;
  const region = id.slice(0, colon);
  const localId = id.slice(colon + 1);
  if (!isRegion(region) || !LOCAL_ID.test(localId)) return null;
  return { region, localId };
}
