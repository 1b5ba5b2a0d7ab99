import Ajv, { type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import { DomainError, type FieldViolation } from './domain-error';

/**
 * One input contract per use-case: a JSON Schema that is at once the input's
 * TypeScript type (`JSONSchemaType<T>` keeps the two in step), its validation
 * and what the OpenAPI document and the gRPC mapping say of it. The use-case
 * owns its contract and checks its input with it; transports only translate.
 *
 * Schemas may carry annotations (OpenAPI extensions, so the document keeps
 * them) for messages a user can act on: `x-expected` (what a valid value is),
 * `x-message` (what a pattern or a `not` demands), `x-items`.
 */
export type InputSchema<T> = JSONSchemaType<T>;

export type InputCheck<T> = { ok: true; value: T } | { ok: false; violations: FieldViolation[] };

/** A hostile body could produce one error per array element; the answer stays readable. */
const MAX_VIOLATIONS = 50;

// strict: a typo in a schema (`maximun`) fails at start instead of checking nothing.
// allErrors: a caller fixing a request sees every problem at once.
// strictNumbers: NaN and Infinity are no numbers (a gRPC double or a decoded value can be either).
// No type coercion: a JSON body or a gRPC message carries typed values, and
// "5" for a number is an error there; query strings are typed by `fromQuery`.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, strictNumbers: true, useDefaults: true, verbose: true });
/** What a value refused by this schema's `pattern` or `not` is, where the generic words would not tell a user what to send. */
ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });
/** What a valid value is, in words (`a latitude between -90 and 90`): messages say "must be <x-expected>, got <value>". */
ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
/** What an array's entries are called in "must have at most 20 tiers". */
ajv.addKeyword({ keyword: 'x-items', schemaType: 'string' });
/**
 * An amount of CNY in whole fen: at most two decimals in the number's shortest
 * form, judged on that text so that no float tolerance (0.1 + 0.2) is involved.
 */
ajv.addKeyword({ keyword: 'x-fen', type: 'number', schemaType: 'boolean', validate: (on: boolean, n: number) => !on || /^\d+(\.\d{1,2})?$/.test(String(n)) });
// OpenAPI's own annotation, for the document only.
ajv.addKeyword({ keyword: 'example' });

/** Values this process already checked with their contract: a use-case does not check them again. */
const checked = new WeakMap<object, { contract: InputContract<unknown, never>; context: unknown }>();

/** `/records/3/date` → `records[3].date`, the field notation of the gateway's problem documents. */
export function pointerToField(pointer: string): string {
  let field = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    field += /^\d+$/.test(part) ? `[${part}]` : field === '' ? part : `.${part}`;
  }
  return field;
}

/** A key appended to a path; keys that would make a dotted path ambiguous are bracket-quoted. */
export function joinField(parent: string, key: string): string {
  const safe = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : null;
  if (parent === '') return safe ?? `[${JSON.stringify(key)}]`;
  return safe ? `${parent}.${safe}` : `${parent}[${JSON.stringify(key)}]`;
}

type SchemaNode = { [keyword: string]: unknown };

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  integer: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

/** Text as a message quotes it: JSON-escaped, long text cut; text with control characters is not echoed into logs and answers. */
export function quoteText(s: string): string {
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s)) return 'text with control characters';
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

/** A value as a message names it: `the string "x"`, `the number 5`, `null`, `an array`. */
export function describeValue(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'an array';
  switch (typeof raw) {
    case 'string':
      return `the string ${quoteText(raw)}`;
    case 'number':
      return Number.isFinite(raw) ? `the number ${raw}` : 'a non-finite number';
    case 'boolean':
      return `${raw}`;
    case 'object':
      return 'an object';
    default:
      return typeof raw;
  }
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const listOf = (values: unknown[]) => values.map((v) => `'${String(v)}'`).join(', ');

/** What a valid value of this schema is, in words. */
function expectedOf(s: SchemaNode): string {
  if (typeof s['x-expected'] === 'string') return s['x-expected'];
  if (Array.isArray(s.enum)) return `one of ${listOf(s.enum)}`;
  const type = String(s.type);
  if (type === 'string' && s.maxLength !== undefined) return `a string of ${s.minLength ?? 0}–${s.maxLength} characters`;
  if (type === 'number' || type === 'integer') {
    const kind = TYPE_NAMES[type];
    const min = s.minimum ?? s.exclusiveMinimum;
    if (min !== undefined && s.maximum !== undefined)
      return s.exclusiveMinimum !== undefined ? `${kind} greater than ${min} and at most ${s.maximum}` : `${kind} from ${min} to ${s.maximum}`;
    if (min !== undefined) return `${kind} ${s.exclusiveMinimum !== undefined ? 'greater than' : 'at least'} ${min}`;
    if (s.maximum !== undefined) return `${kind} at most ${s.maximum}`;
  }
  return type
    .split(',')
    .map((t) => TYPE_NAMES[t] ?? t)
    .join(' or ');
}

/** One violation in the project's words, or none for an error that only repeats another (a failed `if`). */
function describe(e: ErrorObject): FieldViolation | undefined {
  const at = pointerToField(e.instancePath);
  const s = (e.parentSchema ?? {}) as SchemaNode;
  switch (e.keyword) {
    case 'if':
      return undefined;
    case 'required': {
      const missing = String(e.params.missingProperty);
      const child = ((s.properties ?? {}) as Record<string, SchemaNode>)[missing];
      return { field: joinField(at, missing), message: child ? `is required: ${expectedOf(child)}` : 'is required' };
    }
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const known = Object.keys((s.properties ?? {}) as object);
      const fold = (k: string) => k.toLowerCase().replace(/[_\-\s]/g, '');
      const hint = known.find((k) => fold(k) === fold(key));
      return { field: joinField(at, key), message: `is not a known field${hint ? `; did you mean '${hint}'?` : `; allowed: ${known.join(', ')}`}` };
    }
    default:
  }
  const field = at === '' ? '(root)' : at;
  const data = e.data;
  if (typeof s['x-message'] === 'string' && (e.keyword === 'not' || e.keyword === 'const')) return { field, message: s['x-message'] };
  const number = typeof data === 'number' && Number.isFinite(data);
  // A value of the wrong type is named with its type; one out of range by itself.
  const got = e.keyword === 'type' && !(number && s.type === 'integer') ? describeValue(data) : number ? String(data) : describeValue(data);
  const nullHint = data === null && e.keyword === 'type' ? ' (omit the field instead of sending null)' : '';
  switch (e.keyword) {
    case 'minLength':
      return typeof data === 'string' && data === ''
        ? { field, message: `must not be empty: ${expectedOf(s)}` }
        : { field, message: `must be at least ${s.minLength} characters, got ${codePoints(String(data))}` };
    case 'maxLength':
      return { field, message: `must be at most ${s.maxLength} characters, got ${codePoints(String(data))}` };
    case 'maxItems':
      return { field, message: `must have at most ${s.maxItems} ${s['x-items'] ?? 'entries'}, got ${(data as unknown[]).length}` };
    case 'minItems':
      return { field, message: `must have at least ${s.minItems} ${s['x-items'] ?? 'entries'}, got ${(data as unknown[]).length}` };
    case 'uniqueItems': {
      const [later, first] = [Number(e.params.i), Number(e.params.j)].sort((a, b) => b - a);
      return { field: `${at}[${later}]`, message: `duplicates ${at}[${first}]${typeof s['x-message'] === 'string' ? `: ${s['x-message']}` : ''}` };
    }
    case 'pattern':
      return { field, message: `${typeof s['x-message'] === 'string' ? s['x-message'] : 'has an invalid format'}, got ${quoteText(String(data))}` };
    case 'x-fen':
      return { field, message: `must be ${expectedOf(s)} (whole fen), got ${got}` };
    case 'type':
    case 'enum':
    case 'const':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { field, message: `must be ${expectedOf(s)}, got ${got}${nullHint}` };
    default:
      return { field, message: e.message ?? `fails ${e.keyword}` };
  }
}

/** Unknown fields listed per object: a hostile body cannot balloon the answer. */
const MAX_UNKNOWN_REPORTED = 20;

/**
 * Every violation, the first per field (allErrors may say one thing several
 * ways); a value refused as a whole hides what was found inside it; unknown
 * fields at most {@link MAX_UNKNOWN_REPORTED} per object.
 */
function violationsOf(errors: ErrorObject[]): FieldViolation[] {
  const out = new Map<string, FieldViolation>();
  const unknown = new Map<string, number>();
  for (const error of errors) {
    if (error.keyword === 'additionalProperties') {
      const n = (unknown.get(error.instancePath) ?? 0) + 1;
      unknown.set(error.instancePath, n);
      if (n > MAX_UNKNOWN_REPORTED) continue;
    }
    const v = describe(error);
    if (v && !out.has(v.field)) out.set(v.field, v);
  }
  for (const [pointer, n] of unknown) {
    const field = pointerToField(pointer) || '(root)';
    if (n > MAX_UNKNOWN_REPORTED) out.set(`${field} (more)`, { field, message: `has ${n - MAX_UNKNOWN_REPORTED} more unknown fields (not listed)` });
  }
  const list = [...out.values()];
  const refused = new Set(list.filter((v) => !v.message.startsWith('is not a known field') && !v.message.startsWith('has ')).map((v) => v.field));
  const inside = (field: string) => [...refused].some((outer) => outer !== field && (field.startsWith(`${outer}.`) || field.startsWith(`${outer}[`)));
  return list.filter((v) => !inside(v.field)).slice(0, MAX_VIOLATIONS);
}

const NUMBER_TEXT = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A query string's values are text: each one becomes the type its parameter
 * declares where the text says exactly that ("5" → 5, "true" → true, one value
 * → a list of one). Anything else is left as text, for the schema to refuse
 * with the parameter's name: "1e309" is no number, and "yes" no boolean.
 */
function fromQuery(schema: SchemaNode, query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  const properties = (schema.properties ?? {}) as Record<string, SchemaNode>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    const type = properties[key]?.type;
    if (type === 'array') out[key] = Array.isArray(value) ? value : [value];
    else if ((type === 'number' || type === 'integer') && typeof value === 'string' && NUMBER_TEXT.test(value) && Number.isFinite(Number(value)))
      out[key] = Number(value);
    else if (type === 'boolean' && (value === 'true' || value === 'false')) out[key] = value === 'true';
    else out[key] = value;
  }
  return out;
}

/**
 * `JSONSchemaType` spells an optional property `nullable: true`; here optional
 * means "may be absent", never null (a JSON `null` for an optional field is
 * refused, as before). So the flag is dropped from properties not required.
 */
function absentNotNull(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(absentNotNull);
  if (typeof schema !== 'object' || schema === null) return schema;
  const node = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, absentNotNull(v)])) as SchemaNode;
  if (node.properties && typeof node.properties === 'object') {
    const required = new Set((node.required as string[] | undefined) ?? []);
    for (const [key, property] of Object.entries(node.properties as Record<string, SchemaNode>)) {
      if (!required.has(key) && property.nullable === true) delete property.nullable;
    }
  }
  return node;
}

/**
 * The contract's schema as an OpenAPI 3.0 schema object: `const` as a single
 * `enum`, exclusive bounds as 3.0's flags; what 3.0 cannot say (`if`/`then`)
 * is said in the properties' descriptions instead.
 */
export function openApiSchema(schema: unknown): SchemaNode {
  const convert = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(convert);
    if (typeof node !== 'object' || node === null) return node;
    const out: SchemaNode = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'if' || key === 'then' || key === 'else') continue;
      // 3.0 wants at least one name in `required`: an object of optional fields says nothing.
      if (key === 'required' && Array.isArray(value) && value.length === 0) continue;
      if (key === 'const') out.enum = [value];
      // 3.0 says an exclusive bound as a flag on minimum/maximum.
      else if (key === 'exclusiveMinimum' && typeof value === 'number') Object.assign(out, { minimum: value, exclusiveMinimum: true });
      else if (key === 'exclusiveMaximum' && typeof value === 'number') Object.assign(out, { maximum: value, exclusiveMaximum: true });
      else out[key] = convert(value);
    }
    return out;
  };
  return convert(absentNotNull(schema)) as SchemaNode;
}

/** An instant as every contract takes it: ISO 8601 text with an offset, read strictly by `parseInstant` in the contract's check. */
export const INSTANT_TEXT = {
  type: 'string',
  maxLength: 64,
  'x-expected': 'an ISO 8601 time with an offset between 0001-01-01 and 9999-12-31, e.g. 2026-12-01T09:00:00+08:00',
} as const;

/**
 * Text a person can read: tab and line breaks, no other control character (PostgreSQL text cannot
 * even hold NUL; the others garble pages, trails and logs), and no unpaired surrogate (a JSON body
 * can carry one, UTF-8 cannot: it would be stored as U+FFFD, so an answer built from the request
 * would differ from the record). Matched with the `u` flag, as ajv does: a surrogate pair is one
 * character outside the class.
 */
export const READABLE_TEXT = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f\\ud800-\\udfff]*$';
export const READABLE_TEXT_MESSAGE = 'must not contain control characters or unpaired surrogates';

/** A schema of readable text of 1 to `maxLength` characters; `more` adds a description, `nullable` for an optional field… */
export function readableText<const M extends object = object>(
  maxLength: number,
  more?: M,
): { type: 'string'; minLength: number; maxLength: number; pattern: string; 'x-message': string } & M {
  return { type: 'string', minLength: 1, maxLength, pattern: READABLE_TEXT, 'x-message': READABLE_TEXT_MESSAGE, ...(more as M) };
}

/**
 * A body's normaliser for its text fields: each trimmed, a blank one dropped
 * (a blank optional text is none, a blank required one is missing), and no
 * body taken as an empty one (a POST without a body).
 */
export function trimmedTexts(...fields: string[]): (value: unknown) => unknown {
  return (value) => {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) return value;
    const body: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const field of fields) {
      if (typeof body[field] !== 'string') continue;
      const text = (body[field] as string).trim();
      if (text === '') delete body[field];
      else body[field] = text;
    }
    return body;
  };
}

/**
 * What a schema cannot say, beside it: rules over several fields or against
 * a context (today's date, a code table), run after the schema whether or not
 * it passed, on the same value, so that every problem is reported at once.
 */
export interface InputRules<T, C> {
  /** Puts text into the shape the schema judges (trimmed, blanks as absent); gets the raw value. */
  normalise?(value: unknown): unknown;
  /** Violations the schema cannot find; `reported` holds the fields it already refused, not to be judged twice. */
  check?(value: unknown, context: C | undefined, reported: ReadonlySet<string>): FieldViolation[];
  /** The accepted value as the use-case takes it (an empty optional object dropped…). */
  finish?(value: T): T;
}

export class InputContract<T, C = never> {
  private readonly validate: ValidateFunction<T>;

  constructor(
    /** What the input is, for the OpenAPI document (`SearchInstrumentsInput`). */
    readonly name: string,
    readonly schema: InputSchema<T>,
    private readonly rules: InputRules<T, C> = {},
  ) {
    this.validate = ajv.compile<T>(absentNotNull(schema) as InputSchema<T>);
  }

  /** The input with its defaults, or every violation with its field path. */
  check(value: unknown, context?: C): InputCheck<T> {
    if (typeof value === 'object' && value !== null) {
      const seen = checked.get(value);
      if (seen !== undefined && seen.contract === (this as unknown) && seen.context === context) return { ok: true, value: value as T };
    }
    // Defaults are written into the value: the caller's object stays as it was.
    const copy = this.rules.normalise ? this.rules.normalise(value) : structuredClone(value);
    const violations = this.validate(copy) ? [] : violationsOf(this.validate.errors ?? []);
    if (this.rules.check) {
      const reported = new Set(violations.map((v) => v.field));
      violations.push(...this.rules.check(copy, context, reported).filter((v) => !reported.has(v.field)));
    }
    if (violations.length > 0) return { ok: false, violations };
    const result = this.rules.finish ? this.rules.finish(copy as T) : (copy as T);
    if (typeof result === 'object' && result !== null) checked.set(result, { contract: this as unknown as InputContract<unknown, never>, context });
    return { ok: true, value: result };
  }

  /** The input, or a `VALIDATION_FAILED` domain error listing every violation (HTTP 400, gRPC INVALID_ARGUMENT). */
  parse(value: unknown, context?: C): T {
    const result = this.check(value, context);
    if (!result.ok) throw DomainError.validation(result.violations);
    return result.value;
  }

  /** {@link parse} for an HTTP query string's parameters (text typed by the schema first). */
  parseQuery(query: unknown): T {
    return this.parse(fromQuery(this.schema as unknown as SchemaNode, query));
  }
}

/**
 * Violations in another transport's names (a gRPC message's `category_prefix`
 * for the contract's `category`), keeping any index or sub-path after the name.
 */
export function renameViolations(violations: FieldViolation[], names: Record<string, string>): FieldViolation[] {
  return violations.map((v) => {
    const [, head, rest] = /^([^.[]+)(.*)$/.exec(v.field) ?? [];
    return head !== undefined && names[head] !== undefined ? { field: names[head] + rest, message: v.message } : v;
  });
}
