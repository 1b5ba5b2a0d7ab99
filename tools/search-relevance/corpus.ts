/**
 * The generated catalogs as search documents, mapped the way the gateway maps
 * stored instruments: confidential and exempted instruments are visible to
 * their own unit only, duty-free imports inside customs supervision are
 * customs-gated. Category names are left out: they come from the catalog's
 * table, which the engine's tests do not load.
 */
import { REGIONS, instrumentId, type Region } from '@app/common';
import { isUnderCustomsSupervision } from '@app/policy';
import type { SearchDocument } from '@app/search';
import { generateCatalog } from '@app/seed';
import { RELEVANCE_CORPUS } from './relevance-set';

type Instrument = ReturnType<typeof generateCatalog>['instruments'][number];

export function toSearchDocument(region: Region, i: Instrument, asOf: string = RELEVANCE_CORPUS.asOf): SearchDocument {
  return {
    id: instrumentId(region, i.unitId, i.localId),
    name: i.name,
    nameEn: i.nameEn,
    model: i.model,
    manufacturer: i.manufacturer,
    categoryCode: i.categoryCode,
    description: i.description,
    region,
    city: i.city,
    unitId: i.unitId,
    serviceModes: i.serviceModes,
    customsGated: i.dutyFreeImport !== undefined && isUnderCustomsSupervision(i.dutyFreeImport, asOf),
    feeExternalCny: i.fee?.externalPriceCny,
    feeInternalCny: i.fee?.internalPriceCny,
    feeUnit: i.fee?.unit,
    location: i.location,
    updatedAt: `${i.provincialJoinDate ?? i.acceptanceDate ?? asOf}T00:00:00.000Z`,
    visibility: i.confidentiality.status === 'none' ? 'public' : 'unit',
  };
}

/** Every region's generated catalog (`perRegion` instruments each, the corpus's seed) as documents. */
export function generatedDocuments(perRegion: number = RELEVANCE_CORPUS.perRegion, seed: number = RELEVANCE_CORPUS.seed): SearchDocument[] {
  return REGIONS.flatMap((region) =>
    generateCatalog({ region, count: perRegion, seed, asOf: RELEVANCE_CORPUS.asOf }).instruments.map((i) => toSearchDocument(region, i)),
  );
}
