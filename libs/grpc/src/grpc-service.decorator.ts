import { Controller, SetMetadata, applyDecorators } from '@nestjs/common';
import type { Metadata, ServiceDefinition } from '@grpc/grpc-js';
import type { PartnerCaller } from '@app/auth';

export const GRPC_SERVICE = Symbol('GRPC_SERVICE');

/** The partner platform calling, as the auth guard established it (@app/auth's `PartnerCaller`). */
export type GrpcCaller = PartnerCaller;

export interface GrpcCallContext {
  /** The partner calling, on a @Partners handler; any kind of caller: `@CurrentCaller()`. */
  caller?: GrpcCaller;
  metadata: Metadata;
  /** Aborted when the client cancels or its deadline passes: stop work. */
  signal: AbortSignal;
}

/**
 * Unary methods return their answer; server-streaming methods yield theirs
 * (backpressure is honoured); client-streaming methods get the request
 * messages as an async iterable and return the answer.
 */
export type GrpcImplementation = Record<string, (request: any, context: GrpcCallContext) => Promise<unknown> | AsyncIterable<unknown>>;

export interface GrpcServiceMetadata {
  definition: ServiceDefinition;
}

/**
 * Marks a controller as the implementation of a generated service definition;
 * the gRPC server finds it at boot. Method names are the definition's
 * (lowerCamelCase, as ts-proto generates them). A controller, because Nest
 * routes messages to controllers' handlers only; it has no HTTP route.
 * Who may call it is declared as for HTTP routes, with @app/auth's decorators
 * (@Partners(), @Public(), ...) on the class or a handler; the boot check
 * refuses a handler without one.
 */
export function GrpcService(definition: ServiceDefinition): ClassDecorator {
  return applyDecorators(SetMetadata(GRPC_SERVICE, { definition } satisfies GrpcServiceMetadata), Controller());
}
