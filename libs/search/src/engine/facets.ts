import { ensureCapacity } from './columns';
import type { DocumentColumns } from './document-columns';
import type { FacetBucket, SearchFacets } from './types';

/** Up to this many distinct service modes, a scan counts documents per mode combination (one increment, not a bit loop). */
const MASK_COUNTING_MAX_MODES = 8;

function buckets(values: readonly string[], counts: Int32Array): FacetBucket[] {
  const out: FacetBucket[] = [];
  for (let i = 0; i < values.length; i++) if (counts[i] > 0) out.push({ value: values[i], count: counts[i] });
  return out.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** Facet counters by interned id: filled by a scan of matches, or kept up to date document by document. */
export class FacetCounts {
  region = new Int32Array(8);
  category = new Int32Array(64);
  city = new Int32Array(32);
  customs = new Int32Array(2);
  mode = new Int32Array(8);

  /** Counts (sign 1) or uncounts (sign -1) one document. */
  add(columns: DocumentColumns, d: number, sign: 1 | -1): void {
    this.fit(columns);
    this.region[columns.region[d]] += sign;
    this.category[columns.category[d]] += sign;
    this.city[columns.city[d]] += sign;
    this.customs[columns.customs[d]] += sign;
    for (let m = columns.modes[d], bit = 0; m !== 0; m >>>= 1, bit++) if (m & 1) this.mode[bit] += sign;
  }

  copy(columns: DocumentColumns): FacetCounts {
    const out = new FacetCounts();
    out.fit(columns);
    out.region.set(this.region.subarray(0, out.region.length));
    out.category.set(this.category.subarray(0, out.category.length));
    out.city.set(this.city.subarray(0, out.city.length));
    out.customs.set(this.customs);
    out.mode.set(this.mode.subarray(0, out.mode.length));
    return out;
  }

  toFacets(columns: DocumentColumns): SearchFacets {
    const classes = columns.categoryClasses;
    const categoryClass = new Int32Array(classes.size);
    columns.categories.values.forEach((code, c) => (categoryClass[classes.find(code.slice(0, 2))] += this.category[c]));
    return {
      region: buckets(columns.regions.values, this.region),
      categoryClass: buckets(classes.values, categoryClass),
      category: buckets(columns.categories.values, this.category),
      city: buckets(columns.cities.values, this.city),
      serviceMode: buckets(columns.serviceModes.values, this.mode),
      customsGated: buckets(['false', 'true'], this.customs),
    };
  }

  /** Room for every id interned so far (new regions, cities… appear with new documents). */
  fit(columns: DocumentColumns): void {
    this.region = ensureCapacity(this.region, columns.regions.size, 0);
    this.category = ensureCapacity(this.category, columns.categories.size, 0);
    this.city = ensureCapacity(this.city, columns.cities.size, 0);
    this.mode = ensureCapacity(this.mode, columns.serviceModes.size, 0);
  }
}

/**
 * Facet counts over the matched ordinals, from the per-ordinal interned ids:
 * one pass, a few increments a document, no strings touched until the end
 * (category classes are summed from category counts, service modes counted
 * per combination).
 */
export function countFacets(columns: DocumentColumns, ords: Int32Array, count: number): SearchFacets {
  const counts = new FacetCounts();
  counts.fit(columns);
  const { region, category, city, customs } = counts;
  const modeCount = columns.serviceModes.size;
  const byMask = modeCount <= MASK_COUNTING_MAX_MODES;
  const masks = new Int32Array(byMask ? 1 << modeCount : 0);
  // Columns in locals: V8 would otherwise reload them after every counter store (typed arrays may alias).
  const { region: regionOf, category: categoryOf, city: cityOf, customs: customsOf, modes: modesOf } = columns;
  for (let i = 0; i < count; i++) {
    const d = ords[i];
    region[regionOf[d]]++;
    category[categoryOf[d]]++;
    city[cityOf[d]]++;
    customs[customsOf[d]]++;
    if (byMask) masks[modesOf[d]]++;
    else for (let m = modesOf[d], bit = 0; m !== 0; m >>>= 1, bit++) if (m & 1) counts.mode[bit]++;
  }
  masks.forEach((n, mask) => {
    for (let bit = 0; bit < modeCount; bit++) if (mask & (1 << bit)) counts.mode[bit] += n;
  });
  return counts.toFacets(columns);
}
