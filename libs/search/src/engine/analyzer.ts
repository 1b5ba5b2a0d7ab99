import { CJK, JOINER, SEP, WORD, charAt } from './char-class';
import { Lexicon, charCount, isCjkOnly, type LexiconEntry } from './lexicon';
import { foldText } from './normalize';
import type { SynonymTable } from './synonyms';
import { bigrams, charStarts, cjkRunEnd, foldPhrase, forEachSubword, partStrings, readCompound, type Compound } from './tokens';

/** Only this much of a query is read: a 10,000-character paste costs no more than a sentence. */
export const MAX_QUERY_CHARS = 1000;
/** At most this many query terms (words, compounds, CJK segments) are searched for. */
export const MAX_QUERY_CLAUSES = 32;
/** Longer tokens are noise (hashes, pasted garbage) and never indexed or searched. */
export const MAX_TERM_LENGTH = 64;
/** An unknown CJK stretch is searched as chunks of this many characters, so its bigram count stays bounded. */
const MAX_UNKNOWN_CJK_RUN = 8;
/** Model numbers are matched across at most this many space-separated pieces (`Talos F200X G2`). */
const MAX_MODEL_PIECES = 6;
const MAX_MODEL_KEYS = 64;

/** Relative weights of the ways a query term can match. */
export const MATCH_WEIGHT = {
  literal: 1,
  synonym: 0.8,
  narrower: 0.6,
  /** `jsm7800` found as `jsm` + `7800`: right family, maybe not the exact model. */
  subword: 0.5,
} as const;

const STOP_WORDS = new Set(['a', 'an', 'the', 'of', 'for', 'and', 'or', 'with', 'in', 'on', 'to', 'by', 'at', 'from', 'as', 'is']);
const CJK_STOP_CHARS = new Set(['的', '了', '和', '与', '及', '或', '在']);

/** A way to satisfy a query term: every listed index term must be in the document. */
export interface ParsedAlternative {
  terms: readonly string[];
  weight: number;
  /** The user's own Latin words, which may be typo-corrected; synonym and dictionary terms are curated and never are. */
  correctable?: boolean;
}

/** One query term; a document matches it through any alternative (or, for a lone CJK character, any term containing it). */
export interface ParsedClause {
  label: string;
  alternatives: ParsedAlternative[];
  char?: string;
}

export interface ParsedQuery {
  clauses: ParsedClause[];
  /** Joined forms of the Latin pieces of the query, for exact model matches (`JSM 7800F` → `jsm7800f`). */
  modelKeys: string[];
  /** Some of the query was not read (too long or too many terms). */
  truncated: boolean;
}

/** Receives each index term with its span in the folded text. */
export type TermSink = (term: string, start: number, end: number) => void;

export interface AnalyzerOptions {
  dictionary: readonly string[];
  synonyms: SynonymTable | null;
}

function dedupeAlternatives(alternatives: ParsedAlternative[]): ParsedAlternative[] {
  const byKey = new Map<string, ParsedAlternative>();
  for (const alt of alternatives) {
    if (alt.terms.length === 0) continue;
    const terms = [...new Set(alt.terms)].sort();
    const key = terms.join('\u0000');
    const seen = byKey.get(key);
    if (!seen || seen.weight < alt.weight) byKey.set(key, { ...alt, terms });
  }
  return [...byKey.values()];
}

/**
 * Text analysis for Chinese and English instrument records.
 *
 * Index side: Latin words, the parts of compounds plus their joined form
 * (`JSM-7800F` → `jsm`, `7800f`, `jsm7800f`, and `7800` from the mixed part),
 * and for CJK text every character bigram (so any two-character query matches
 * inside a longer name) plus every dictionary word found in it (so a known
 * word is one posting list, not an intersection).
 *
 * Query side: forward maximum matching over the dictionary and the synonym
 * phrases cuts the query into terms; each term lists the alternative sets of
 * index terms that satisfy it (itself, its synonyms, its parts).
 */
export class Analyzer {
  private readonly lexicon = new Lexicon();
  private readonly groupAlternatives: ParsedAlternative[][] = [];
  private readonly groupNarrower: number[][] = [];

  constructor(options: AnalyzerOptions) {
    for (const word of options.dictionary) this.addCjkWord(foldPhrase(word));
    if (options.synonyms) this.addSynonyms(options.synonyms);
  }

  /** Index terms of already folded text, in order of appearance. */
  scan(text: string, sink: TermSink): void {
    for (let i = 0; i < text.length;) {
      const c = charAt(text, i);
      if (c.cls === WORD) i = this.scanCompound(text, i, sink);
      else if (c.cls === CJK) i = this.scanCjkRun(text, i, sink);
      else i += c.width;
    }
  }

  /** Index terms of raw text. */
  terms(text: string): string[] {
    const out: string[] = [];
    this.scan(foldText(text), (term) => out.push(term));
    return out;
  }

  /** All Latin letters and digits of a model designation, joined: its exact-match key (`JSM 7800F` → `jsm7800f`). */
  modelKey(model: string): string {
    const folded = foldText(model);
    let key = '';
    for (let i = 0; i < folded.length;) {
      const c = charAt(folded, i);
      if (c.cls === WORD) key += folded.slice(i, i + c.width);
      i += c.width;
    }
    return key.length <= MAX_TERM_LENGTH ? key : '';
  }

  parseQuery(raw: string): ParsedQuery {
    const text = foldPhrase(raw.length > MAX_QUERY_CHARS ? raw.slice(0, MAX_QUERY_CHARS) : raw);
    const clauses: ParsedClause[] = [];
    let truncated = raw.length > MAX_QUERY_CHARS;
    let pending = -1;
    let pendingEnd = -1;
    const flush = () => {
      if (pending >= 0) {
        const segment = text.slice(pending, pendingEnd);
        if (!(charCount(segment) === 1 && CJK_STOP_CHARS.has(segment))) clauses.push(this.cjkClause(segment));
      }
      pending = -1;
    };
    let i = 0;
    while (i < text.length) {
      if (clauses.length >= MAX_QUERY_CLAUSES) {
        truncated = true;
        break;
      }
      const c = charAt(text, i);
      if (c.cls === SEP || c.cls === JOINER) {
        flush();
        i += c.width;
        continue;
      }
      const match = this.lexicon.longest(text, i, c.cls === WORD ? hasGroups : isQueryWordOrPhrase);
      if (match && (c.cls === WORD || charCount(text.slice(i, match.end)) >= 2)) {
        flush();
        clauses.push(this.phraseClause(text.slice(i, match.end), match.entry));
        i = match.end;
      } else if (c.cls === WORD) {
        flush();
        const compound = readCompound(text, i);
        const clause = this.latinClause(text, compound);
        if (clause) clauses.push(clause);
        i = compound.end;
      } else {
        if (pending < 0) pending = i;
        i += c.width;
        pendingEnd = i;
        if (charCount(text.slice(pending, pendingEnd)) >= MAX_UNKNOWN_CJK_RUN) flush();
      }
    }
    flush();
    if (clauses.length > MAX_QUERY_CLAUSES) {
      clauses.length = MAX_QUERY_CLAUSES;
      truncated = true;
    }
    // A repeated word asks for nothing more (every term is required anyway); searching it twice would only cost.
    const unique = clauses.filter((c, i) => clauses.findIndex((o) => o.label === c.label) === i);
    return { clauses: unique, modelKeys: this.queryModelKeys(text), truncated };
  }

  /** Index terms of a phrase as one conjunction: how a synonym or a matched phrase is searched. */
  phraseTerms(phrase: string): string[] {
    const out: string[] = [];
    for (let i = 0; i < phrase.length;) {
      const c = charAt(phrase, i);
      if (c.cls === WORD) {
        const compound = readCompound(phrase, i);
        for (const part of partStrings(phrase, compound)) if (part.length <= MAX_TERM_LENGTH && !STOP_WORDS.has(part)) out.push(part);
        i = compound.end;
      } else if (c.cls === CJK) {
        const end = cjkRunEnd(phrase, i);
        const run = phrase.slice(i, end);
        // A lone character has no bigram; the neighbouring terms carry the phrase.
        if (charCount(run) >= 2) {
          if (this.lexicon.isIndexWord(run) || charCount(run) === 2) out.push(run);
          else out.push(...bigrams(run));
        }
        i = end;
      } else i += c.width;
    }
    // `B超` would otherwise search for the letter b alone: a phrase reduced to single letters says nothing.
    if (out.every((t) => t.length === 1)) return [];
    return [...new Set(out)];
  }

  private addCjkWord(word: string): LexiconEntry | undefined {
    if (!isCjkOnly(word) || charCount(word) < 2) return undefined;
    const entry = this.lexicon.entry(word);
    entry.queryWord = true;
    if (charCount(word) >= 3) entry.indexWord = true;
    return entry;
  }

  private addSynonyms(table: SynonymTable): void {
    const groups = [...table.groups, ...table.spellings.map((terms, k) => ({ id: `spelling#${k}`, terms, includes: [] as string[] }))];
    const index = new Map(groups.map((g, k) => [g.id, k]));
    const keys = groups.map((g) => [...new Set(g.terms.map(foldPhrase).filter((k) => k.length > 0))]);
    keys.forEach((list, k) => {
      for (const key of list) {
        const entry = this.addCjkWord(key) ?? this.lexicon.entry(key);
        if (!entry.groups.includes(k)) entry.groups.push(k);
      }
    });
    // Alternatives need the finished dictionary: a phrase is one index word only if the index knows it as one.
    keys.forEach((list, k) => {
      this.groupAlternatives[k] = dedupeAlternatives(list.map((key) => ({ terms: this.phraseTerms(key), weight: 1 })));
      this.groupNarrower[k] = (groups[k].includes ?? []).map((id) => index.get(id)!);
    });
  }

  private phraseClause(phrase: string, entry: LexiconEntry): ParsedClause {
    const alternatives: ParsedAlternative[] = [{ terms: this.phraseTerms(phrase), weight: MATCH_WEIGHT.literal }];
    for (const g of entry.groups) {
      for (const alt of this.groupAlternatives[g]) alternatives.push({ terms: alt.terms, weight: MATCH_WEIGHT.synonym });
      for (const narrower of this.groupNarrower[g]) {
        for (const alt of this.groupAlternatives[narrower]) alternatives.push({ terms: alt.terms, weight: MATCH_WEIGHT.narrower });
      }
    }
    return { label: phrase, alternatives: dedupeAlternatives(alternatives) };
  }

  private latinClause(text: string, compound: Compound): ParsedClause | undefined {
    const parts = partStrings(text, compound).filter((p) => p.length <= MAX_TERM_LENGTH);
    const label = text.slice(compound.parts[0], compound.end);
    if (parts.length === 0) return undefined;
    if (parts.length === 1) {
      const [word] = parts;
      if (STOP_WORDS.has(word)) return undefined;
      const alternatives: ParsedAlternative[] = [{ terms: [word], weight: MATCH_WEIGHT.literal, correctable: true }];
      const subwords: string[] = [];
      forEachSubword(word, (a, b) => subwords.push(word.slice(a, b)));
      if (subwords.length > 0) alternatives.push({ terms: subwords, weight: MATCH_WEIGHT.subword });
      return { label, alternatives: dedupeAlternatives(alternatives) };
    }
    const joined = parts.join('');
    const alternatives: ParsedAlternative[] = [{ terms: parts, weight: MATCH_WEIGHT.literal, correctable: true }];
    if (joined.length <= MAX_TERM_LENGTH) alternatives.push({ terms: [joined], weight: MATCH_WEIGHT.literal });
    return { label, alternatives: dedupeAlternatives(alternatives) };
  }

  private cjkClause(segment: string): ParsedClause {
    if (charCount(segment) === 1) return { label: segment, alternatives: [], char: segment };
    return { label: segment, alternatives: [{ terms: this.phraseTerms(segment), weight: MATCH_WEIGHT.literal }] };
  }

  private queryModelKeys(text: string): string[] {
    const keys = new Set<string>();
    let pieces: string[] = [];
    const close = () => {
      for (let s = 0; s < pieces.length; s++) {
        let key = '';
        for (let e = s; e < Math.min(pieces.length, s + MAX_MODEL_PIECES); e++) {
          key += pieces[e];
          if (key.length <= MAX_TERM_LENGTH && keys.size < MAX_MODEL_KEYS) keys.add(key);
        }
      }
      pieces = [];
    };
    for (let i = 0; i < text.length;) {
      const c = charAt(text, i);
      if (c.cls === WORD) {
        const compound = readCompound(text, i);
        pieces.push(partStrings(text, compound).join(''));
        i = compound.end;
      } else {
        if (text.charCodeAt(i) !== 0x20) close();
        i += c.width;
      }
    }
    close();
    return [...keys];
  }

  private scanCompound(text: string, start: number, sink: TermSink): number {
    const compound = readCompound(text, start);
    const { parts } = compound;
    let joined = '';
    for (let k = 0; k < parts.length; k += 2) {
      const a = parts[k];
      const b = parts[k + 1];
      const part = text.slice(a, b);
      joined += part;
      if (part.length > MAX_TERM_LENGTH) continue;
      sink(part, a, b);
      forEachSubword(part, (x, y) => sink(part.slice(x, y), a + x, a + y));
    }
    if (parts.length > 2 && joined.length <= MAX_TERM_LENGTH) sink(joined, start, compound.end);
    return compound.end;
  }

  private scanCjkRun(text: string, start: number, sink: TermSink): number {
    const end = cjkRunEnd(text, start);
    const starts = charStarts(text, start, end);
    if (starts.length === 1) sink(text.slice(start, end), start, end);
    for (let k = 0; k + 1 < starts.length; k++) {
      const b = k + 2 < starts.length ? starts[k + 2] : end;
      sink(text.slice(starts[k], b), starts[k], b);
    }
    for (let k = 0; k + 2 < starts.length; k++) {
      const a = starts[k];
      this.lexicon.forEachIndexWord(text, a, end, (b) => sink(text.slice(a, b), a, b));
    }
    return end;
  }
}

function hasGroups(entry: LexiconEntry): boolean {
  return entry.groups.length > 0;
}

function isQueryWordOrPhrase(entry: LexiconEntry): boolean {
  return entry.queryWord || entry.groups.length > 0;
}
