import { REGIONS, InputContract, type Region } from '@app/common';
import { SERVICE_MODES, type ServiceMode } from '@app/catalog';
import { SEARCH_SORTS, type SearchSort } from '../engine/types';

/**
 * National category codes are two digits for a class and four for a
 * sub-class (`libs/catalog`'s table): a filter is a code or the start of one,
 * so 1–4 digits. A longer "prefix" could never match and is refused as the
 * mistake it is.
 */
export const CATEGORY_PREFIX = '^\\d{1,4}$';
/** A 100 m circle is finer than any instrument's coordinates; 0 would only match the point itself. */
export const MIN_RADIUS_KM = 0.1;
/** Half the Earth's circumference (20,037.5 km) rounded up: any larger radius is the whole Earth. */
export const MAX_RADIUS_KM = 20_050;
export const MAX_TEXT = 200;
/** Latitude within ±90 and longitude within ±180, in decimal degrees. */
const NEAR = '^-?(90(\\.0+)?|[1-8]?\\d(\\.\\d+)?),-?(180(\\.0+)?|(1[0-7]\\d|[1-9]?\\d)(\\.\\d+)?)$';
/** Control characters cannot be typed and would only break logs and highlights. */
const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]*$';

/** A search over every federated catalog: `GET /api/v1/instruments`, partners' `SearchInstruments`. */
export interface SearchInstrumentsInput {
  q?: string;
  region?: Region[];
  city?: string;
  category?: string;
  unitId?: string;
  serviceMode?: ServiceMode;
  customsGated?: boolean;
  feeMax?: number;
  near?: string;
  radiusKm?: number;
  sort?: SearchSort;
  page?: number;
  pageSize?: number;
  cursor?: string;
}

export const searchInstrumentsInput = new InputContract<SearchInstrumentsInput>('SearchInstrumentsInput', {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: {
      type: 'string',
      nullable: true,
      maxLength: MAX_TEXT,
      pattern: PRINTABLE,
      'x-message': 'must be text without control characters',
      description: 'Free text in Chinese or English: names, abbreviations (SEM, 核磁), model numbers (JSM-7800F), makers',
    },
    region: { type: 'array', nullable: true, maxItems: 32, items: { type: 'string', enum: REGIONS }, description: 'Any of these regions (repeatable)' },
    city: { type: 'string', nullable: true, maxLength: 50, example: '嘉兴市' },
    category: {
      type: 'string',
      nullable: true,
      pattern: CATEGORY_PREFIX,
      'x-message': 'must be a national category code or the start of one: 1–4 digits, e.g. 01 (class) or 0101 (sub-class)',
      description: 'National category code or its start (1–4 digits): 01 is a class, 0101 a sub-class',
    },
    unitId: { type: 'string', nullable: true, maxLength: 64 },
    serviceMode: { type: 'string', nullable: true, enum: SERVICE_MODES },
    customsGated: { type: 'boolean', nullable: true, description: 'Duty-free import inside customs supervision (Art. 12)' },
    feeMax: { type: 'number', nullable: true, minimum: 0, description: 'Maximum external price per fee unit, CNY' },
    near: {
      type: 'string',
      nullable: true,
      pattern: NEAR,
      'x-message': 'must be lat,lon in decimal degrees, lat within ±90 and lon within ±180',
      description: 'lat,lon (WGS 84): distances are given from here; with radiusKm, only instruments within it',
      example: '30.75,120.76',
    },
    radiusKm: {
      type: 'number',
      nullable: true,
      minimum: MIN_RADIUS_KM,
      maximum: MAX_RADIUS_KM,
      description: `With near: radius in km (${MIN_RADIUS_KM} to ${MAX_RADIUS_KM}, half the Earth's circumference)`,
    },
    sort: { type: 'string', nullable: true, enum: SEARCH_SORTS, description: 'Default: relevance with q, else freshness; distance needs near' },
    page: { type: 'integer', nullable: true, minimum: 1, maximum: 10_000, default: 1 },
    pageSize: { type: 'integer', nullable: true, minimum: 1, maximum: 100, default: 20 },
    cursor: { type: 'string', nullable: true, maxLength: 500, description: "Opaque cursor from a previous answer's nextCursor (instead of page)" },
  },
  // Without a point there is no distance: a radius or a distance order would silently mean nothing.
  if: { not: { required: ['near'] } },
  then: {
    properties: {
      radiusKm: { not: {}, 'x-message': 'needs near=lat,lon' },
      sort: { not: { const: 'distance' }, 'x-message': 'distance needs near=lat,lon' },
    },
  },
});
