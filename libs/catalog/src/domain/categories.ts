/**
 * National classification of large research instruments (大型科研仪器分类, as
 * used by the national platform 国家科技资源共享服务平台): 15 classes with
 * two-digit codes and their sub-classes with four-digit codes (class code +
 * two digits, `xx99` = 其他 in every class).
 *
 * The table itself lives in `national-categories.json` so that non-TypeScript
 * consumers (SQL seeding, partner tooling, docs) read the very same data;
 * this module only indexes it. Evaluation (Art. 21–23) and purchase review
 * (Art. 9–10) compare "same-category" instruments, so codes must be
 * validated against this table, never free text.
 */
import rawCategories from './national-categories.json';

export interface Category {
  /** `01`..`15` for a class, `0101`..`1599` for a sub-class. */
  code: string;
  name: string;
  nameEn: string;
  /** Class code for a sub-class; `null` for a class. */
  parent: string | null;
}

function freezeAll(list: readonly Category[]): readonly Category[] {
  // Frozen because the table is shared process-wide: a caller mutating a
  // returned entry would silently corrupt every later lookup.
  return Object.freeze(list.map((c) => Object.freeze({ code: c.code, name: c.name, nameEn: c.nameEn, parent: c.parent })));
}

/** Every class and sub-class, classes first within their group, in code order. */
export const CATEGORIES: readonly Category[] = freezeAll(rawCategories as Category[]);

/** The 15 national classes. */
export const CATEGORY_CLASSES: readonly Category[] = Object.freeze(CATEGORIES.filter((c) => c.parent === null));

const BY_CODE: ReadonlyMap<string, Category> = new Map(CATEGORIES.map((c) => [c.code, c]));

/** Codes are digits only: 2 for a class, 4 for a sub-class. */
const CODE_SHAPE = /^\d{2}(\d{2})?$/;

export function findCategory(code: string): Category | undefined {
  return BY_CODE.get(code);
}

/**
 * True for a class or sub-class code that exists in the table. Takes
 * `unknown` because it guards untrusted input (HTTP bodies, CSV cells,
 * partner records), where the value may not even be a string.
 */
export function isValidCategoryCode(code: unknown): code is string {
  return typeof code === 'string' && CODE_SHAPE.test(code) && BY_CODE.has(code);
}

/**
 * The class, then the sub-class (for a sub-class code); just the class for a
 * class code; empty for an unknown code. Facets and breadcrumbs use it.
 */
export function categoryPath(code: string): Category[] {
  const category = BY_CODE.get(code);
  if (!category) return [];
  if (category.parent === null) return [category];
  const parent = BY_CODE.get(category.parent);
  return parent ? [parent, category] : [category];
}

/** Sub-classes of a class code, in code order (empty for unknown or sub-class codes). */
export function subCategoriesOf(classCode: string): Category[] {
  return CATEGORIES.filter((c) => c.parent === classCode);
}
