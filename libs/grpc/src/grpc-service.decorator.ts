import { Controller, SetMetadata, applyDecorators } from '@nestjs/common';
import type { Metadata, ServiceDefinition } from '@grpc/grpc-js';

export const GRPC_SERVICE = Symbol('GRPC_SERVICE');

/** Who called, as the authenticator established it (a partner platform, or nobody for public services). */
export interface GrpcCaller {
  partnerId: string;
  region: string;
}

export interface GrpcCallContext {
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

export interface GrpcServiceOptions {
  /** `partner`: calls must carry a partner's bearer token (UNAUTHENTICATED otherwise). */
  auth: 'partner' | 'none';
}

export interface GrpcServiceMetadata extends GrpcServiceOptions {
  definition: ServiceDefinition;
}

/**
 * Marks a controller as the implementation of a generated service definition;
 * the gRPC server finds it at boot. Method names are the definition's
 * (lowerCamelCase, as ts-proto generates them). A controller, because Nest
 * routes messages to controllers' handlers only; it has no HTTP route.
 */
export function GrpcService(definition: ServiceDefinition, options: GrpcServiceOptions): ClassDecorator {
  return applyDecorators(SetMetadata(GRPC_SERVICE, { definition, ...options } satisfies GrpcServiceMetadata), Controller());
}
