import type { ExecutionContext } from '@nestjs/common';
import type { Caller, Principal } from './principal';

/** What a gRPC call's metadata offers (grpc-js's `Metadata`), read structurally so this lib does not depend on grpc-js. */
interface MetadataLike {
  get(key: string): unknown[];
}

interface HttpRequestLike {
  headers: Record<string, string | string[] | undefined>;
  caller?: Caller;
  principal?: Principal;
}

/**
 * The `authorization` a call presents, wherever its transport carries it: the
 * HTTP header, or the gRPC metadata entry of the same name (Nest hands a gRPC
 * handler `[request, metadata, call]`). A value that is not one string (a
 * repeated header, binary metadata) comes back as '' so it is refused as
 * malformed rather than ignored.
 */
export function authorizationOf(context: ExecutionContext): string | undefined {
  switch (context.getType()) {
    case 'http':
      return asAuthorization(context.switchToHttp().getRequest<HttpRequestLike>().headers.authorization);
    case 'rpc':
      return authorizationOfMetadata(context.getArgByIndex<MetadataLike | undefined>(1));
    default:
      return undefined;
  }
}

/** The `authorization` entry of gRPC metadata (also read by the grpc-js server, which has no ExecutionContext). */
export function authorizationOfMetadata(metadata: MetadataLike | undefined): string | undefined {
  const values = typeof metadata?.get === 'function' ? metadata.get('authorization') : [];
  return values.length === 0 ? undefined : values.length === 1 ? asAuthorization(values[0]) : '';
}

function asAuthorization(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : '';
}

/**
 * gRPC callers are kept beside grpc-js's call object (Nest's third handler
 * argument), so handlers keep the shape the transport gives them.
 */
const rpcCallers = new WeakMap<object, Caller>();

/** Where the guard leaves the admitted caller: `req.caller` (and a person's claims as `req.principal`) over HTTP, beside the call over gRPC. */
export function rememberCaller(context: ExecutionContext, caller: Caller): void {
  if (context.getType() === 'http') {
    const req = context.switchToHttp().getRequest<HttpRequestLike>();
    req.caller = caller;
    if (caller.kind === 'user') {
      const { kind: _kind, ...principal } = caller;
      req.principal = principal;
    }
    return;
  }
  const call = context.getArgByIndex<unknown>(2);
  if (typeof call === 'object' && call !== null) rpcCallers.set(call, caller);
}

/** The caller the guard admitted for this call, if it presented a credential. */
export function callerOf(context: ExecutionContext): Caller | undefined {
  if (context.getType() === 'http') return context.switchToHttp().getRequest<HttpRequestLike>().caller;
  const call = context.getArgByIndex<unknown>(2);
  return typeof call === 'object' && call !== null ? rpcCallers.get(call) : undefined;
}
