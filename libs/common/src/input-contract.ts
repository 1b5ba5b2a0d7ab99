import Ajv, { type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import { DomainError, type FieldViolation } from './domain-error';

/**
 * One input contract per use-case: a JSON Schema that is at once the input's
 * TypeScript type (`JSONSchemaType<T>` keeps the two in step), its validation
 * and what the OpenAPI document and the gRPC mapping say of it. The use-case
 * owns its contract and checks its input with it; transports only translate.
 *
 * Schemas may carry `x-message` (an OpenAPI extension, so the document keeps
 * it): the message of a violation of that schema other than its type, where
 * the generic one would not tell a user what to send.
 */
export type InputSchema<T> = JSONSchemaType<T>;

export type InputCheck<T> = { ok: true; value: T } | { ok: false; violations: FieldViolation[] };

/** A hostile body could produce one error per array element; the answer stays readable. */
const MAX_VIOLATIONS = 50;

// strict: a typo in a schema (`maximun`) fails at start instead of checking nothing.
// allErrors: a caller fixing a request sees every problem at once.
// No type coercion: a JSON body or a gRPC message carries typed values, and
// "5" for a number is an error there; query strings are typed by `fromQuery`.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, useDefaults: true, verbose: true });
ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });
// OpenAPI's own annotation, for the document only.
ajv.addKeyword({ keyword: 'example' });

/** Values this process already checked with their contract: a use-case does not check them again. */
const checked = new WeakMap<object, InputContract<unknown>>();

/** `/records/3/date` → `records[3].date`, the field notation of the gateway's problem documents. */
export function pointerToField(pointer: string): string {
  let field = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    field += /^\d+$/.test(part) ? `[${part}]` : field === '' ? part : `.${part}`;
  }
  return field;
}

const joinField = (parent: string, key: string) => (parent === '' ? key : `${parent}.${key}`);

type SchemaNode = { [keyword: string]: unknown };

const TYPE_NAMES: Record<string, string> = { number: 'a number', integer: 'an integer', string: 'a string', boolean: 'true or false', array: 'an array', object: 'an object', null: 'null' };

function range(s: SchemaNode): string {
  const kind = s.type === 'integer' ? 'an integer' : 'a number';
  const min = s.minimum ?? s.exclusiveMinimum;
  const above = s.exclusiveMinimum !== undefined ? 'greater than' : 'at least';
  if (min !== undefined && s.maximum !== undefined && s.exclusiveMinimum === undefined) return `must be ${kind} from ${min} to ${s.maximum}`;
  if (min !== undefined && s.maximum !== undefined) return `must be ${kind} ${above} ${min} and at most ${s.maximum}`;
  if (min !== undefined) return `must be ${kind} ${above} ${min}`;
  return `must be ${kind} at most ${s.maximum}`;
}

/** One violation in the project's words, or none for an error that only repeats another (a failed `if`). */
function describe(e: ErrorObject): FieldViolation | undefined {
  const at = pointerToField(e.instancePath);
  const s = (e.parentSchema ?? {}) as SchemaNode;
  switch (e.keyword) {
    case 'if':
      return undefined;
    case 'required':
      return { field: joinField(at, String(e.params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { field: joinField(at, String(e.params.additionalProperty)), message: 'is not a known field' };
    default:
  }
  const field = at === '' ? '(root)' : at;
  if (typeof s['x-message'] === 'string' && e.keyword !== 'type') return { field, message: s['x-message'] };
  switch (e.keyword) {
    case 'type':
      return { field, message: `must be ${String(e.params.type).split(',').map((t) => TYPE_NAMES[t] ?? t).join(' or ')}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { field, message: range(s) };
    case 'minLength':
      return { field, message: s.minLength === 1 ? 'must not be empty' : `must be at least ${s.minLength} characters` };
    case 'maxLength':
      return { field, message: `must be at most ${s.maxLength} characters` };
    case 'maxItems':
      return { field, message: `must have at most ${s.maxItems} entries` };
    case 'minItems':
      return { field, message: `must have at least ${s.minItems} entries` };
    case 'uniqueItems':
      return { field, message: 'must not list a value twice' };
    case 'enum':
      return { field, message: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => String(v)).join(', ')}` };
    case 'const':
      return { field, message: `must be ${JSON.stringify(e.params.allowedValue)}` };
    case 'pattern':
      return { field, message: 'has an invalid format' };
    default:
      return { field, message: e.message ?? `fails ${e.keyword}` };
  }
}

/** Every violation, the first per field (allErrors may say one thing several ways), at most {@link MAX_VIOLATIONS}. */
function violationsOf(errors: ErrorObject[]): FieldViolation[] {
  const out = new Map<string, FieldViolation>();
  for (const error of errors) {
    const v = describe(error);
    if (v && !out.has(v.field)) out.set(v.field, v);
    if (out.size === MAX_VIOLATIONS) break;
  }
  return [...out.values()];
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
    else if ((type === 'number' || type === 'integer') && typeof value === 'string' && NUMBER_TEXT.test(value) && Number.isFinite(Number(value))) out[key] = Number(value);
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
 * The contract's schema as an OpenAPI 3.0 schema object: what 3.0 cannot say
 * (`if`/`then`, `const`) is said in the properties' descriptions instead.
 */
export function openApiSchema(schema: unknown): SchemaNode {
  const convert = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(convert);
    if (typeof node !== 'object' || node === null) return node;
    const out: SchemaNode = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'if' || key === 'then' || key === 'else') continue;
      if (key === 'const') out.enum = [value];
      else out[key] = convert(value);
    }
    return out;
  };
  return convert(absentNotNull(schema)) as SchemaNode;
}

export class InputContract<T> {
  private readonly validate: ValidateFunction<T>;

  constructor(
    /** What the input is, for the OpenAPI document (`SearchInstrumentsInput`). */
    readonly name: string,
    readonly schema: InputSchema<T>,
  ) {
    this.validate = ajv.compile<T>(absentNotNull(schema) as InputSchema<T>);
  }

  /** The input with its defaults, or every violation with its field path. */
  check(value: unknown): InputCheck<T> {
    if (typeof value === 'object' && value !== null && checked.get(value) === (this as InputContract<unknown>)) return { ok: true, value: value as T };
    // Defaults are written into the value: the caller's object stays as it was.
    const copy = structuredClone(value);
    if (!this.validate(copy)) return { ok: false, violations: violationsOf(this.validate.errors ?? []) };
    if (typeof copy === 'object' && copy !== null) checked.set(copy, this as InputContract<unknown>);
    return { ok: true, value: copy };
  }

  /** The input, or a `VALIDATION_FAILED` domain error listing every violation (HTTP 400, gRPC INVALID_ARGUMENT). */
  parse(value: unknown): T {
    const result = this.check(value);
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
