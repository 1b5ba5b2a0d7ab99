import type { FieldViolation } from '@app/common';
import { provinceApiDocument, provinceSchemas, type ViolationCheck } from '@app/province-client';

/**
 * The operations of the province spec, read from the document itself, so the
 * simulator accepts exactly what the spec allows: a route, parameter or field
 * added to openapi.yaml is validated here without touching this code.
 */

type Obj = Record<string, unknown>;

interface ParamSpec {
  name: string;
  required: boolean;
  /** Query strings carry text; numbers are parsed before validation. */
  numeric: boolean;
  defaultValue: unknown;
  check: ViolationCheck;
}

export interface Operation {
  operationId: string;
  method: string;
  /** Path split on `/`; `{name}` marks a parameter. */
  segments: string[];
  pathParams: ParamSpec[];
  queryParams: ParamSpec[];
  body?: { required: boolean; check: ViolationCheck };
  /** Schema of each documented response status. */
  responses: Map<number, ViolationCheck>;
}

export type RouteMatch = { operation: Operation; rawPath: Record<string, string> } | { allowed: string[] } | undefined;

export type RequestCheck = { ok: true; path: Record<string, unknown>; query: Record<string, unknown> } | { ok: false; violations: FieldViolation[] };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const COMPONENT_PREFIX = '#/components/';

function resolve(document: Obj, value: unknown): Obj {
  let node = value as Obj;
  // References may chain (a response referring to a schema…); bounded against cycles.
  for (let hops = 0; typeof node?.$ref === 'string' && (node.$ref as string).startsWith(COMPONENT_PREFIX) && hops < 8; hops++) {
    const [kind, name] = (node.$ref as string).slice(COMPONENT_PREFIX.length).split('/');
    const components = document.components as Record<string, Record<string, Obj>>;
    node = components[kind][name];
  }
  return node;
}

function isNumericSchema(document: Obj, schema: unknown): boolean {
  const s = resolve(document, schema);
  return s.type === 'integer' || s.type === 'number';
}

export class OperationTable {
  readonly operations: Operation[] = [];

  constructor(private readonly document: Obj = provinceApiDocument as Obj) {
    const schemas = provinceSchemas();
    for (const [template, item] of Object.entries(document.paths as Record<string, Obj>)) {
      const shared = (item.parameters as unknown[] | undefined) ?? [];
      for (const method of METHODS) {
        const op = item[method] as Obj | undefined;
        if (!op) continue;
        const params = [...shared, ...((op.parameters as unknown[] | undefined) ?? [])].map((p) => resolve(document, p));
        const spec = (p: Obj): ParamSpec => ({
          name: p.name as string,
          required: p.required === true,
          numeric: isNumericSchema(document, p.schema),
          defaultValue: resolve(document, p.schema).default,
          check: schemas.compile(p.schema, p.name as string),
        });
        const requestBody = op.requestBody ? resolve(document, op.requestBody) : undefined;
        const bodySchema = (requestBody?.content as Record<string, Obj> | undefined)?.['application/json']?.schema;
        const responses = new Map<number, ViolationCheck>();
        for (const [status, response] of Object.entries(op.responses as Obj)) {
          const content = resolve(document, response).content as Record<string, Obj> | undefined;
          const schema = content?.['application/json']?.schema ?? content?.['application/problem+json']?.schema;
          if (schema) responses.set(Number(status), schemas.compile(schema));
        }
        this.operations.push({
          operationId: op.operationId as string,
          method: method.toUpperCase(),
          segments: template.split('/'),
          pathParams: params.filter((p) => p.in === 'path').map(spec),
          queryParams: params.filter((p) => p.in === 'query').map(spec),
          ...(bodySchema ? { body: { required: requestBody?.required === true, check: schemas.compile(bodySchema, '(body)') } } : {}),
          responses,
        });
      }
    }
    // Literal segments win over parameters (`/changes` is not an instrument id).
    this.operations.sort((a, b) => literalCount(b) - literalCount(a));
  }

  match(method: string, pathname: string): RouteMatch {
    const parts = pathname.split('/');
    const allowed: string[] = [];
    let found: { operation: Operation; rawPath: Record<string, string> } | undefined;
    // The most literal matching template claims the path (sorted that way).
    let claimed: string | undefined;
    for (const operation of this.operations) {
      const template = operation.segments.join('/');
      if (claimed !== undefined && template !== claimed) continue;
      const rawPath = matchSegments(operation.segments, parts);
      if (!rawPath) continue;
      claimed = template;
      allowed.push(operation.method);
      if (operation.method === method) found ??= { operation, rawPath };
    }
    if (found) return found;
    return allowed.length > 0 ? { allowed } : undefined;
  }

  /** Path and query parameters, decoded, parsed and validated; every violation at once. */
  checkParameters(operation: Operation, rawPath: Record<string, string>, search: URLSearchParams): RequestCheck {
    const violations: FieldViolation[] = [];
    const path: Record<string, unknown> = {};
    for (const p of operation.pathParams) {
      let value: string;
      try {
        value = decodeURIComponent(rawPath[p.name]);
      } catch {
        violations.push({ field: p.name, message: 'is not valid percent-encoding' });
        continue;
      }
      const parsed = p.numeric && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
      violations.push(...p.check(parsed));
      path[p.name] = parsed;
    }
    const query: Record<string, unknown> = {};
    const known = new Set(operation.queryParams.map((p) => p.name));
    for (const name of new Set(search.keys())) {
      if (!known.has(name)) violations.push({ field: name, message: `is not a known parameter${known.size > 0 ? `; allowed: ${[...known].join(', ')}` : ''}` });
    }
    for (const p of operation.queryParams) {
      const values = search.getAll(p.name);
      if (values.length === 0) {
        if (p.required) violations.push({ field: p.name, message: 'is required' });
        else if (p.defaultValue !== undefined) query[p.name] = p.defaultValue;
        continue;
      }
      if (values.length > 1) {
        violations.push({ field: p.name, message: 'must be given once' });
        continue;
      }
      const parsed = p.numeric && /^-?\d+(\.\d+)?$/.test(values[0]) ? Number(values[0]) : values[0];
      violations.push(...p.check(parsed));
      query[p.name] = parsed;
    }
    return violations.length > 0 ? { ok: false, violations } : { ok: true, path, query };
  }

  checkBody(operation: Operation, body: unknown): FieldViolation[] {
    if (!operation.body) return [];
    return operation.body.check(body);
  }

  /** The simulator's own answers are checked too: a sim that drifts from the spec would hide client bugs. */
  checkResponse(operation: Operation, status: number, body: unknown): FieldViolation[] {
    const check = operation.responses.get(status);
    if (!check) return [{ field: '(status)', message: `${status} is not a documented answer of ${operation.operationId}` }];
    return check(body);
  }
}

function literalCount(op: Operation): number {
  return op.segments.filter((s) => !s.startsWith('{')).length;
}

function matchSegments(template: string[], parts: string[]): Record<string, string> | undefined {
  if (template.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i];
    if (t.startsWith('{') && t.endsWith('}')) {
      if (parts[i] === '') return undefined;
      params[t.slice(1, -1)] = parts[i];
    } else if (t !== parts[i]) {
      return undefined;
    }
  }
  return params;
}
