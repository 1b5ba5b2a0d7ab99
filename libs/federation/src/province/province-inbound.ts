import { prepareInstrument, validateInstrumentInput, type ManagementUnit, type RemoteBatch, type RemoteUpsert } from '@app/catalog';
import { parseInstrumentId, type Region } from '@app/common';
import { PROVINCE_PLATFORM_ID, fromProvinceRecord, type ProvinceChangesPage, type ProvinceUpsertChange } from '@app/province-client';

/**
 * The provincial platform records no kind (university, hospital …) and no
 * sector (hence competent department) for the units that own its
 * instruments, and we do not guess them: a unit known only from the province
 * is stored with this neutral value for both, outside the gateway's own
 * vocabularies, so no report counts it as a university or as a science-bureau
 * unit. It needs no competent department: Art. 14 reporting and the
 * evaluation concern Jiaxing's own units. A unit we already know (registered
 * here, or from a YRD partner with its kind and sector) keeps what we know.
 */
export const PROVINCE_UNIT_UNSPECIFIED = 'unspecified';

/** A unit as the province describes it: its code, its name if given, and the installation city. */
export function provinceUnit(upsert: ProvinceUpsertChange, region: Region): ManagementUnit {
  const p = upsert.instrument;
  return {
    id: p.ownerUnitCode,
    // The province keys units by code; the name is informative and optional there.
    name: p.ownerUnitName || p.ownerUnitCode,
    region,
    // The only city the province gives is where the instrument is installed.
    city: p.cityName,
    kind: PROVINCE_UNIT_UNSPECIFIED as ManagementUnit['kind'],
    sector: PROVINCE_UNIT_UNSPECIFIED as ManagementUnit['sector'],
  };
}

export function isProvinceOnlyUnit(unit: ManagementUnit): boolean {
  return (unit.kind as string) === PROVINCE_UNIT_UNSPECIFIED;
}

export interface ProvinceInbound {
  batch: RemoteBatch;
  /**
   * Ids of the province's own records in this page that it still lists
   * (valid or not): after a pull from the beginning we keep exactly these.
   */
  seen: string[];
  /** Items reported by other platforms (city platforms' pushes, ours included): never imported. */
  skippedForeign: number;
}

interface RawItem {
  instrumentId?: unknown;
  version?: unknown;
  reportedBy?: unknown;
  changeType?: unknown;
  instrument?: { confidentiality?: unknown };
}

const describe = (violations: { field: string; message: string }[]) => violations.map((v) => `${v.field}: ${v.message}`).join('; ');

/**
 * One page of the province's change feed as a batch for `applyBatch`:
 * - only records the province registered itself (`reportedBy: zhejiang`) are
 *   imported; city platforms' pushes, Jiaxing's own among them, are skipped,
 *   so we never import our own records back;
 * - an upsert must be keyed in the province's region and pass the gateway's
 *   own validator, like a unit's registration; otherwise it goes to the error
 *   list with its reason and the rest of the page proceeds;
 * - a withdrawal removes our copy (version-guarded);
 * - an item that says it is confidential or exempted (the contract allows
 *   only `none`) is dropped and counted, and our copy, if any, removed.
 */
export function provincePageToBatch(page: ProvinceChangesPage, ctx: { sourceId: string; region: Region; asOf: string }): ProvinceInbound {
  const batch: RemoteBatch = { upserts: [], removals: [], droppedConfidential: 0, invalid: [], cursor: page.nextCursor };
  const seen: string[] = [];
  let skippedForeign = 0;
  const keyed = (id: string): string | undefined => {
    const parsed = parseInstrumentId(id);
    return parsed && parsed.region === ctx.region ? undefined : `instrumentId: must be ${ctx.region}:<localId>, a record of the provincial platform itself`;
  };

  for (const item of page.items) {
    if (item.reportedBy !== PROVINCE_PLATFORM_ID) {
      skippedForeign += 1;
      continue;
    }
    const version = BigInt(item.version);
    const wrongKey = keyed(item.instrumentId);
    if (wrongKey) {
      batch.invalid.push({ id: item.instrumentId, version, reason: wrongKey });
      continue;
    }
    if (item.changeType === 'withdraw') {
      batch.removals.push({ id: item.instrumentId, version });
      continue;
    }
    seen.push(item.instrumentId);
    const { input } = fromProvinceRecord(item);
    // The registry's validator sees what a unit's own registration would send.
    const checked = validateInstrumentInput(JSON.parse(JSON.stringify(input)));
    if (!checked.ok) {
      batch.invalid.push({ id: item.instrumentId, version, reason: describe(checked.violations) });
      continue;
    }
    const write = prepareInstrument(checked.value, { region: ctx.region, sourcePlatform: ctx.sourceId, asOf: ctx.asOf, version });
    const upsert: RemoteUpsert = { write, version, unit: provinceUnit(item, ctx.region) };
    batch.upserts.push(upsert);
  }

  for (const bad of page.invalid) {
    const raw = (bad.raw && typeof bad.raw === 'object' ? bad.raw : {}) as RawItem;
    if (typeof raw.reportedBy === 'string' && raw.reportedBy !== PROVINCE_PLATFORM_ID) {
      skippedForeign += 1;
      continue;
    }
    const id = bad.instrumentId;
    const version = bad.version !== undefined && Number.isSafeInteger(bad.version) ? BigInt(bad.version) : undefined;
    const claim = raw.instrument?.confidentiality;
    if (typeof claim === 'string' && claim !== 'none') {
      batch.droppedConfidential += 1;
      if (id !== undefined && version !== undefined) batch.removals.push({ id, version });
      continue;
    }
    if (id !== undefined && raw.changeType !== 'withdraw') seen.push(id);
    batch.invalid.push({
      id: id ?? `(unreadable item ${bad.index} of the page ending at ${page.nextCursor})`,
      version: version ?? 0n,
      reason: describe(bad.violations),
    });
  }
  return { batch, seen, skippedForeign };
}

/**
 * Units we already know keep what we know: a province record naming a unit
 * registered here (or learnt from a YRD partner, with its kind and sector)
 * must not turn that unit's kind and sector into `unspecified`.
 */
export function preferKnownUnits(batch: RemoteBatch, known: ReadonlyMap<string, ManagementUnit>): void {
  for (const upsert of batch.upserts) {
    const existing = known.get(upsert.unit.id);
    if (existing && !isProvinceOnlyUnit(existing)) upsert.unit = existing;
  }
}
