export const REGIONS = ['jiaxing', 'zhejiang', 'shanghai', 'jiangsu', 'anhui'] as const;
export type Region = (typeof REGIONS)[number];

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

/** Instrument ids are `<region>:<localId>` everywhere, across every platform. */
export function instrumentId(region: Region, localId: string): string {
  return `${region}:${localId}`;
}

/** Local ids of every platform: printable, no spaces, bounded (they travel in URLs, SQL and logs). */
const LOCAL_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function parseInstrumentId(id: string): { region: Region; localId: string } | null {
  if (typeof id !== 'string' || id.length > 160) return null;
  const colon = id.indexOf(':');
  if (colon <= 0) return null;
  const region = id.slice(0, colon);
  const localId = id.slice(colon + 1);
  if (!isRegion(region) || !LOCAL_ID.test(localId)) return null;
  return { region, localId };
}
