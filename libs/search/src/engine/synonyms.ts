import synonymData from './data/synonyms.json';
import dictionaryData from './data/dictionary.json';

/**
 * One instrument family (or other equivalence): any of its terms in a query
 * also searches for all the others. `includes` names narrower groups that a
 * query for this one also covers (电镜 → SEM and TEM), one way only: SEM does
 * not expand to TEM.
 */
export interface SynonymGroup {
  id: string;
  terms: readonly string[];
  includes?: readonly string[];
}

/**
 * `groups` are instrument families; `spellings` are plain spelling variants
 * (analyzer/analyser). They expand the same way; they are kept apart because
 * typo tolerance already covers most spelling variants, so they are not
 * families a test can show failing without the table.
 */
export interface SynonymTable {
  groups: readonly SynonymGroup[];
  spellings: readonly (readonly string[])[];
}

function fail(message: string): never {
  throw new TypeError(`synonym table: ${message}`);
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((t) => typeof t !== 'string' || t.trim() === '')) fail(`${where} must be an array of non-empty strings`);
  return value as string[];
}

/** Checks the shape of a synonym table (from JSON or a test) and returns it typed. */
export function parseSynonymTable(value: unknown): SynonymTable {
  if (typeof value !== 'object' || value === null) fail('must be an object');
  const raw = value as { groups?: unknown; spellings?: unknown };
  if (!Array.isArray(raw.groups)) fail('groups must be an array');
  const ids = new Set<string>();
  const groups = raw.groups.map((g: unknown, i): SynonymGroup => {
    if (typeof g !== 'object' || g === null) fail(`groups[${i}] must be an object`);
    const { id, terms, includes } = g as { id?: unknown; terms?: unknown; includes?: unknown };
    if (typeof id !== 'string' || id === '') fail(`groups[${i}].id must be a non-empty string`);
    if (ids.has(id)) fail(`duplicate group id ${id}`);
    ids.add(id);
    const list = stringList(terms, `groups[${i}].terms`);
    if (list.length < 2) fail(`group ${id} needs at least two terms`);
    return includes === undefined ? { id, terms: list } : { id, terms: list, includes: stringList(includes, `group ${id} includes`) };
  });
  for (const g of groups) for (const inc of g.includes ?? []) if (!ids.has(inc)) fail(`group ${g.id} includes unknown group ${inc}`);
  const spellings =
    raw.spellings === undefined
      ? []
      : Array.isArray(raw.spellings)
        ? raw.spellings.map((s, i) => stringList(s, `spellings[${i}]`))
        : fail('spellings must be an array');
  return { groups, spellings };
}

/** Checks a dictionary (a list of words) and returns it typed. */
export function parseDictionary(value: unknown): readonly string[] {
  const words = (value as { words?: unknown } | null)?.words ?? value;
  if (!Array.isArray(words) || words.some((w) => typeof w !== 'string')) throw new TypeError('dictionary: must be an array of strings or {words: [...]}');
  return words as string[];
}

/** The bundled domain synonym table (`data/synonyms.json`). */
export const DEFAULT_SYNONYMS: SynonymTable = parseSynonymTable(synonymData);

/** The bundled domain dictionary for CJK segmentation (`data/dictionary.json`). */
export const DEFAULT_DICTIONARY: readonly string[] = parseDictionary(dictionaryData);
