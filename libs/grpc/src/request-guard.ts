import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import * as protobuf from 'protobufjs';

/**
 * A request that could not be read: it reaches the handler wrapper instead
 * of grpc-js's own "Error deserializing request" (INTERNAL), and is answered
 * INVALID_ARGUMENT naming the field.
 */
export class InvalidRequest {
  constructor(
    readonly field: string,
    readonly message: string,
  ) {}
}

/** google.protobuf.Timestamp's documented range: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z. */
const MIN_SECONDS = -62_135_596_800;
const MAX_SECONDS = 253_402_300_799;
const TIMESTAMP = '.google.protobuf.Timestamp';

/**
 * Our generated decoders turn a Timestamp into a Date, which silently
 * normalises nanos ≥ 1e9 and yields an Invalid Date past ±8.64e15 ms; the
 * checks therefore run on the raw message, through the same .proto files.
 */
export class RequestGuard {
  private readonly root: protobuf.Root;
  private readonly hasTimestamp = new Map<string, boolean>();

  constructor(protoRoot: string, files: string[]) {
    this.root = new protobuf.Root();
    this.root.resolvePath = (_origin, target) => {
      const local = path.join(protoRoot, target);
      // google/protobuf/*.proto come bundled with protobufjs.
      return fs.existsSync(local) ? local : target;
    };
    this.root.loadSync(files, { keepCase: true });
    this.root.resolveAll();
  }

  /** The definition with every request decoder made total: bad bytes become an `InvalidRequest`. */
  guard(definition: ServiceDefinition): ServiceDefinition {
    const guarded: Record<string, MethodDefinition<unknown, unknown>> = {};
    for (const [name, method] of Object.entries(definition)) {
      const [service, rpc] = method.path.slice(1).split('/');
      const type = this.root.lookupService(service).methods[rpc].resolvedRequestType!;
      const original = method.requestDeserialize;
      const timestamped = this.containsTimestamp(type);
      guarded[name] = {
        ...method,
        requestDeserialize: (bytes: Buffer) => {
          try {
            if (timestamped) {
              const problem = checkTimestamps(type, type.decode(bytes) as unknown as Record<string, unknown>, '');
              if (problem) return problem;
            }
            return original(bytes);
          } catch (error) {
            return new InvalidRequest('(request)', `not a valid ${type.fullName.slice(1)} message: ${error instanceof Error ? error.message : String(error)}`);
          }
        },
      };
    }
    return guarded as ServiceDefinition;
  }

  private containsTimestamp(type: protobuf.Type, seen = new Set<string>()): boolean {
    const known = this.hasTimestamp.get(type.fullName);
    if (known !== undefined) return known;
    if (seen.has(type.fullName)) return false;
    seen.add(type.fullName);
    const found = type.fieldsArray.some(
      (f) => f.resolvedType instanceof protobuf.Type && (f.resolvedType.fullName === TIMESTAMP || this.containsTimestamp(f.resolvedType, seen)),
    );
    if (seen.size === 1) this.hasTimestamp.set(type.fullName, found);
    return found;
  }
}

function checkTimestamps(type: protobuf.Type, message: Record<string, unknown>, prefix: string): InvalidRequest | undefined {
  for (const field of type.fieldsArray) {
    const nested = field.resolvedType;
    const value = message[field.name];
    if (!(nested instanceof protobuf.Type) || value === undefined || value === null) continue;
    const values = field.repeated ? (value as Record<string, unknown>[]) : [value as Record<string, unknown>];
    for (const [index, item] of values.entries()) {
      const name = `${prefix}${field.name}${field.repeated ? `[${index}]` : ''}`;
      const problem = nested.fullName === TIMESTAMP ? checkTimestamp(item, name) : checkTimestamps(nested, item, `${name}.`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function checkTimestamp(value: Record<string, unknown>, field: string): InvalidRequest | undefined {
  // int64 decodes as a Long (or a number without long.js); both print as decimal.
  const seconds = Number(String(value.seconds ?? 0));
  const nanos = Number(value.nanos ?? 0);
  if (!(seconds >= MIN_SECONDS && seconds <= MAX_SECONDS))
    return new InvalidRequest(`${field}.seconds`, 'must lie within 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z');
  if (!(Number.isInteger(nanos) && nanos >= 0 && nanos <= 999_999_999)) return new InvalidRequest(`${field}.nanos`, 'must be 0..999,999,999');
  return undefined;
}
