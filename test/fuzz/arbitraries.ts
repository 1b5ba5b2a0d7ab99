import fc from 'fast-check';

/** Strings that have broken parsers, validators, SQL and encoders elsewhere. */
export const EDGE_STRINGS = [
  '',
  ' ',
  '\t',
  '\r\n',
  '\u0000',
  'a\u0000b',
  '\u0001\u001f\u007f',
  '\u0085\u2028\u2029',
  '\uD800',
  '\uDFFF',
  'x\uD83Dy',
  '\uDE00\uD83D',
  '\u202Eevil',
  '\uFEFF',
  '\u200B',
  'e\u0301',
  'İı',
  'ﬁ',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '😀👩‍🔬',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x10',
  '1_000',
  '9007199254740993',
  '-1',
  '0',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  '{"$ne":1}',
  "' OR 1=1 --",
  "'; DROP TABLE instruments; --",
  '%00',
  '%',
  '%%',
  '%ZZ',
  '../../etc/passwd',
  '\\',
  '"',
  '<script>alert(1)</script>',
  'jiaxing:',
  ':',
  'jiaxing:JX-SEM-1:extra',
  'beijing:X-1',
  'JIAXING:SEM-1',
  ' jiaxing:SEM-1 ',
  '2027-02-30',
  '2027-02-30T09:00:00+08:00',
  '2026-12-01T09:00:00+23:59',
  '2026-12-01T24:00:00Z',
  '2026-13-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2026-12-01 09:00',
  '2026-12-01T09:00:00',
  '2026-12-01T09:00:00.123456789+08:00',
  '电镜',
  '场发射扫描电子显微镜',
  'ＪＳＭ－７８００Ｆ',
  'x'.repeat(201),
  'x'.repeat(5_000),
  '长'.repeat(3_000),
] as const;

/** Any string, weighted to the edge cases above, with lone surrogates and control characters in the mix. */
export const nastyString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => s + String.fromCharCode(0xd800 + (s.length % 0x800))) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', '长', '\u0000', '%'), fc.integer({ min: 100, max: 20_000 })).map(([c, n]) => c.repeat(n)) },
  );

/** `depth` nested arrays or objects: parsers and validators must not recurse unbounded. */
export const deeplyNested = (): fc.Arbitrary<unknown> =>
  fc.tuple(fc.constantFrom(10, 200, 3_000), fc.boolean()).map(([depth, asArray]) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
    return v;
  });

/** Any JSON value, of any type: what a wrong-type mutation puts in a field. */
export const anyJsonValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    nastyString(),
    fc.integer(),
    fc.constantFrom(0, -1, 1e21, -1e21, 2 ** 53 + 1, 0.1 + 0.2, Number.MAX_VALUE, Number.MIN_VALUE),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(nastyString(), fc.integer()), { maxLength: 5 }),
    fc.dictionary(nastyString(), fc.oneof(nastyString(), fc.integer(), fc.constant(null)), { maxKeys: 4 }),
    deeplyNested(),
  );

type Json = Record<string, unknown>;

/** `arbitrary`'s value one time in four, else null (the caller keeps its valid value). */
export const sometimes = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

/** Every path to a value inside `value` (object keys and array indexes), down to depth 4: mutations stay near the contract's shape. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object' || prefix.length >= 4) return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

const shallow = (v: any) => (Array.isArray(v) ? [...v] : { ...v });

/** A copy of `root` with `apply` run on the parent of `path`; only that spine is copied (values may nest thousands deep). */
function setAt(root: Json, path: (string | number)[], apply: (parent: any, key: string | number) => void): Json {
  const copy = shallow(root);
  let parent: any = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] = shallow(parent[k]);
  apply(parent, path[path.length - 1]);
  return copy;
}

/**
 * A valid body, or one to four mutations of it: a field dropped, an unknown
 * field added, a field (at any depth) replaced by any value, or a date field
 * replaced by a date-like string.
 */
export function mutatedBody(valid: fc.Arbitrary<Json>, dateFields: readonly string[] = []): fc.Arbitrary<{ body: Json; mutated: boolean }> {
  const mutation = (body: Json): fc.Arbitrary<Json> => {
    const all = paths(body);
    const kinds: fc.Arbitrary<Json>[] = [fc.tuple(nastyString(), anyJsonValue()).map(([k, v]) => ({ ...body, [k]: v }))];
    if (all.length > 0) {
      const at = fc.constantFrom(...all);
      kinds.push(at.map((p) => setAt(body, p, (parent, k) => (Array.isArray(parent) ? parent.splice(Number(k), 1) : delete parent[k]))));
      kinds.push(fc.tuple(at, anyJsonValue()).map(([p, v]) => setAt(body, p, (parent, k) => (parent[k] = v))));
    }
    const dates = all.filter((p) => dateFields.includes(String(p[p.length - 1])));
    if (dates.length > 0) kinds.push(fc.tuple(fc.constantFrom(...dates), dateLikeString()).map(([p, v]) => setAt(body, p, (parent, k) => (parent[k] = v))));
    return fc.oneof(...kinds);
  };
  const mutateN = (body: Json, n: number): fc.Arbitrary<Json> => (n === 0 ? fc.constant(body) : mutation(body).chain((b) => mutateN(b, n - 1)));
  return fc.oneof(
    { weight: 1, arbitrary: valid.map((body) => ({ body, mutated: false })) },
    { weight: 4, arbitrary: fc.tuple(valid, fc.integer({ min: 1, max: 4 })).chain(([body, n]) => mutateN(body, n).map((b) => ({ body: b, mutated: true }))) },
  );
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `+hh:mm`/`Z` offsets real time zones use (−12:00 … +14:00). */
const realOffset = fc.oneof(
  fc.constant('Z'),
  fc
    .tuple(fc.integer({ min: -12, max: 14 }), fc.constantFrom(0, 30, 45))
    .filter(([h, m]) => h < 14 || m === 0)
    .map(([h, m]) => `${h < 0 ? '-' : '+'}${pad(h)}:${pad(m)}`),
);

/** An instant `hours` after `base`, written as ISO 8601 with a real offset. */
export function isoAt(base: Date, hours: number, offset: string): string {
  const minutes = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(base.getTime() + hours * 3_600_000 + minutes * 60_000);
  return `${local.toISOString().slice(0, 19)}${offset}`;
}

/** Instants from `from` to `from + spanHours`, on the hour, with real offsets. */
export const instantAfter = (from: Date, minHours: number, maxHours: number): fc.Arbitrary<{ iso: string; hours: number }> =>
  fc.tuple(fc.integer({ min: minHours, max: maxHours }), realOffset).map(([hours, offset]) => ({ iso: isoAt(from, hours, offset), hours }));

/**
 * Date-like strings: impossible days, hours and offsets, other formats,
 * numbers: every one must be refused, never moved.
 */
export function dateLikeString(): fc.Arbitrary<string> {
  const impossible = fc.oneof(
    fc.constantFrom(
      '2027-02-30T09:00:00+08:00',
      '2027-02-29T09:00:00Z',
      '2026-11-31T09:00:00+08:00',
      '2026-12-01T09:00:00+23:59',
      '2026-12-01T09:00:00-23:59',
      '2026-12-01T09:00:00+15:00',
      '2026-12-01T24:00:00+08:00',
    ),
    fc
      .tuple(fc.integer({ min: 2026, max: 2027 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 29, max: 31 }))
      .map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}T10:00:00+08:00`),
    fc
      .tuple(fc.integer({ min: 15, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.boolean())
      .map(([h, m, neg]) => `2026-12-20T10:00:00${neg ? '-' : '+'}${pad(h)}:${pad(m)}`),
  );
  const malformed = fc.oneof(
    fc.constantFrom(
      '2026-12-01',
      '2026-12-01T09:00',
      '2026-12-01T09:00:00',
      '2026-12-01 09:00:00+08:00',
      '2026-12-01T25:00:00Z',
      '2026-12-01T09:60:00Z',
      '2026-00-10T09:00:00Z',
      '+275760-09-13T00:00:00Z',
      '-000001-01-01T00:00:00Z',
      '2026-12-01T09:00:00.1234Z',
      '20261201T090000Z',
      '1764550800',
      'tomorrow',
      '',
    ),
    nastyString(),
  );
  return fc.oneof(impossible, malformed);
}

/**
 * Our own strict reading of an ISO 8601 instant with an offset: the date must
 * exist in the calendar and the offset must be one a time zone can have.
 * 'impossible' for well-formed strings naming a day or offset that does not exist.
 */
export function strictInstant(s: string): Date | 'malformed' | 'impossible' {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(s);
  if (!m) return 'malformed';
  const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  // 24:00:00 parses (as the next day's midnight) but names no hour of that day: one of the impossible instants.
  if (h === 24 && mi === 0 && sec === 0) return 'impossible';
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 59) return 'malformed';
  if (d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return 'impossible';
  if (m[8] && (Number(m[9]) * 60 + Number(m[10]) > 14 * 60 || Number(m[10]) > 59)) return 'impossible';
  return new Date(s);
}

export type { Json };
