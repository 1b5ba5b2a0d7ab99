import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { pointerToField, type FieldViolation } from '@app/common';
import { provinceApiDocument } from './generated/province-api-document';
import type { ProvinceSchemaName } from './province-api';

/**
 * JSON Schema validation against the province contract itself (the
 * `components.schemas` of openapi/province/openapi.yaml, OpenAPI 3.1 = JSON
 * Schema 2020-12). The simulator validates requests with it, the gateway
 * validates what the province sends, record by record, so one malformed
 * record is reported with its field instead of breaking a whole page.
 */

/** Base URI under which the component schemas are registered in Ajv. */
const BASE = 'https://contracts.invalid/province/openapi.json';
const COMPONENT_REF = '#/components/schemas/';
/** A hostile body could produce one error per array element; the answer stays readable. */
const MAX_VIOLATIONS = 50;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Rewrites document-relative `$ref`s to the registered base, so ad-hoc schemas can use them too. */
export function toAjvSchema(schema: unknown): Json {
  if (Array.isArray(schema)) return schema.map(toAjvSchema);
  if (schema && typeof schema === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, value] of Object.entries(schema)) {
      out[key] =
        key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_REF)
          ? `${BASE}#/$defs/${value.slice(COMPONENT_REF.length)}`
          : toAjvSchema(value);
    }
    return out;
  }
  return schema as Json;
}

/** The gateway's field notation (`records[3].date`), one for every contract. */
export { pointerToField };

/** Where a failing value sits: `prefix` names the validated value itself (e.g. a parameter or `(body)`). */
function fieldOf(prefix: string, rel: string): string {
  if (rel === '') return prefix;
  if (prefix === '' || prefix === '(root)' || prefix === '(body)') return rel;
  return rel.startsWith('[') ? `${prefix}${rel}` : `${prefix}.${rel}`;
}

function relJoin(rel: string, key: string): string {
  return rel === '' ? key : `${rel}.${key}`;
}

function describeError(e: ErrorObject, prefix: string): FieldViolation {
  const at = pointerToField(e.instancePath);
  switch (e.keyword) {
    case 'required':
      return { field: fieldOf(prefix, relJoin(at, String(e.params.missingProperty))), message: 'is required' };
    case 'additionalProperties':
      return { field: fieldOf(prefix, relJoin(at, String(e.params.additionalProperty))), message: 'is not a known field' };
    case 'enum':
      return { field: fieldOf(prefix, at), message: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { field: fieldOf(prefix, at), message: `must be ${JSON.stringify(e.params.allowedValue)}` };
    case 'format':
      return {
        field: fieldOf(prefix, at),
        message: e.params.format === 'date' ? 'must be a real calendar date YYYY-MM-DD' : `must be a valid ${e.params.format}`,
      };
    default:
      return { field: fieldOf(prefix, at), message: e.message ?? `fails ${e.keyword}` };
  }
}

export type ViolationCheck = (value: unknown) => FieldViolation[];

export class ProvinceSchemas {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    // strict: a typo in the spec (`additionalProperty`, `minimun`) fails here
    // instead of silently validating nothing. allErrors: a unit fixing a record
    // sees every problem at once.
    this.ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(this.ajv, ['date', 'date-time']);
    const components = (provinceApiDocument.components ?? {}) as { schemas?: Record<string, unknown> };
    this.ajv.addSchema({ $id: BASE, $defs: toAjvSchema(components.schemas ?? {}) });
  }

  /**
   * Every violation of the named component schema, each with its field path
   * (empty = valid). `fieldPrefix` names the value itself: `(root)`, `(body)`,
   * or a path such as `records[2]` that field paths are appended to.
   */
  validate(name: ProvinceSchemaName, value: unknown, fieldPrefix = '(root)'): FieldViolation[] {
    let check = this.compiled.get(name);
    if (!check) {
      check = this.ajv.compile({ $ref: `${BASE}#/$defs/${name}` });
      this.compiled.set(name, check);
    }
    return this.run(check, value, fieldPrefix);
  }

  /**
   * A change item, checked against the schema its `changeType` names: the
   * `oneOf` of the spec would report both branches' errors for one typo.
   */
  validateChange(value: unknown): FieldViolation[] {
    const type = value && typeof value === 'object' ? (value as { changeType?: unknown }).changeType : undefined;
    if (type === 'upsert') return this.validate('UpsertChange', value);
    if (type === 'withdraw') return this.validate('WithdrawChange', value);
    return [{ field: 'changeType', message: 'must be one of "upsert", "withdraw"' }];
  }

  /**
   * A usage session: the schema, then what the spec says besides it — times
   * exactly for a completed session, and start before end — so a record the
   * rollups could not use is reported with its field like a schema error.
   */
  validateUsageSession(value: unknown): FieldViolation[] {
    const violations = this.validate('UsageSession', value);
    if (violations.length > 0) return violations;
    const s = value as { outcome: string; start?: string; end?: string };
    if (s.outcome !== 'completed') {
      return (['start', 'end'] as const).filter((f) => s[f] !== undefined).map((field) => ({ field, message: 'must be absent for a no_show session' }));
    }
    const missing = (['start', 'end'] as const).filter((f) => s[f] === undefined).map((field) => ({ field, message: 'is required for a completed session' }));
    if (missing.length > 0) return missing;
    return Date.parse(s.start!) < Date.parse(s.end!) ? [] : [{ field: 'end', message: `must be after start (${s.start})` }];
  }

  /** Compiles an ad-hoc schema that may `$ref` the components (parameters, request wrappers). */
  compile(schema: unknown, fieldPrefix = '(root)'): ViolationCheck {
    const check = this.ajv.compile(toAjvSchema(schema) as object);
    return (value) => this.run(check, value, fieldPrefix);
  }

  private run(check: ValidateFunction, value: unknown, fieldPrefix: string): FieldViolation[] {
    if (check(value)) return [];
    const seen = new Set<string>();
    const out: FieldViolation[] = [];
    for (const error of check.errors ?? []) {
      // `$ref` + sibling keywords report a failure twice; `if`/`oneOf` wrappers add noise.
      if (error.keyword === 'if' || error.keyword === 'oneOf') continue;
      const v = describeError(error, fieldPrefix);
      const key = `${v.field}\u0000${v.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(v);
      if (out.length === MAX_VIOLATIONS) break;
    }
    return out.length > 0 ? out : [{ field: fieldPrefix, message: 'does not match the province contract' }];
  }
}

let shared: ProvinceSchemas | undefined;

/** The process-wide validator; compiled on first use (Ajv compilation costs tens of milliseconds). */
export function provinceSchemas(): ProvinceSchemas {
  shared ??= new ProvinceSchemas();
  return shared;
}
