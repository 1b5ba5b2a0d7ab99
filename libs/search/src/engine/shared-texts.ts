import type { SearchDocument } from './types';

/**
 * Distinct texts remembered at most. Past it the table starts again: documents keep the strings
 * they already share, so memory stays bounded even when every change brings a new text.
 */
const TEXT_LIMIT = 50_000;

/**
 * One copy of each text the kept documents repeat. A catalog repeats itself
 * (200,000 generated instruments have 114 names, 636 descriptions and 5
 * regions), but each row read from PostgreSQL arrives with strings of its
 * own: at 200,000 documents those copies were most of the gateway's heap.
 * The index keeps documents whose equal texts are one string, and whose
 * equal service-mode lists are one array.
 */
export class SharedTexts {
  private readonly texts = new Map<string, string>();
  private readonly modeLists = new Map<string, readonly string[]>();
  /** The shared list of each list given (a reader shares its lists too): no key to build for it again. */
  private readonly modeCopies = new WeakMap<readonly string[], readonly string[]>();

  /** A copy of `doc` (same fields, same order) holding the shared strings; ids and locations are its own. */
  document(doc: SearchDocument): SearchDocument {
    // Every field listed, optional ones too: a field added to SearchDocument is a compile error here, not silently dropped.
    const copy: { [K in keyof Required<SearchDocument>]: SearchDocument[K] } = {
      id: doc.id,
      name: this.text(doc.name),
      nameEn: this.text(doc.nameEn),
      model: this.text(doc.model),
      manufacturer: this.text(doc.manufacturer),
      categoryCode: this.text(doc.categoryCode),
      categoryName: this.text(doc.categoryName),
      description: this.text(doc.description),
      region: this.text(doc.region),
      city: this.text(doc.city),
      unitId: this.text(doc.unitId),
      serviceModes: this.modes(doc.serviceModes),
      customsGated: doc.customsGated,
      feeExternalCny: doc.feeExternalCny,
      feeInternalCny: doc.feeInternalCny,
      feeUnit: this.text(doc.feeUnit),
      location: doc.location,
      updatedAt: this.text(doc.updatedAt),
      visibility: doc.visibility,
    };
    return copy;
  }

  private text<T extends string | undefined>(value: T): T {
    if (value === undefined) return value;
    const known = this.texts.get(value);
    if (known !== undefined) return known as T;
    if (this.texts.size >= TEXT_LIMIT) this.texts.clear();
    this.texts.set(value, value);
    return value;
  }

  private modes(list: readonly string[]): readonly string[] {
    const copy = this.modeCopies.get(list);
    // Checked, not trusted: a caller may have changed its list since.
    if (copy !== undefined && copy.length === list.length && copy.every((mode, i) => mode === list[i])) return copy;
    const shared = this.modesOf(list);
    this.modeCopies.set(list, shared);
    return shared;
  }

  private modesOf(list: readonly string[]): readonly string[] {
    const key = JSON.stringify(list);
    const known = this.modeLists.get(key);
    if (known !== undefined) return known;
    if (this.modeLists.size >= TEXT_LIMIT) this.modeLists.clear();
    const shared = list.map((m) => this.text(m));
    this.modeLists.set(key, shared);
    return shared;
  }
}
