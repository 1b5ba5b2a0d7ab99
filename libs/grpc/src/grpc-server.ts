import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { AccessPolicy, accessRuleOf, authorizationOfMetadata, type AccessRule } from '@app/auth';
import { DomainError } from '@app/common';
import type { GrpcLimitsConfig } from '@app/config';
import { GrpcStatusError, toServiceError } from './grpc-errors';
import { InvalidRequest, RequestGuard } from './request-guard';
import { GRPC_SERVICE, type GrpcCallContext, type GrpcCaller, type GrpcServiceMetadata } from './grpc-service.decorator';

/** `proto/` at the repository root. */
export const PROTO_ROOT = path.resolve(__dirname, '../../../proto');
/** The contract's files, for reflection and the request guard. */
export const PROTO_FILES = [
  'grpc/health/v1/health.proto',
  'yrd/federation/v1/catalog.proto',
  'yrd/federation/v1/booking.proto',
  'yrd/federation/v1/usage.proto',
  'yrd/federation/v1/indicator.proto',
];

export interface GrpcServerOptions {
  host: string;
  port: number;
  /** Server TLS; with `clientCaFile`, clients must present a certificate it signed (mutual TLS). */
  tls?: { certFile: string; keyFile: string; clientCaFile?: string };
  limits: GrpcLimits;
}

/** What one process accepts (connections, streams, sizes, server-side deadlines, health watchers): `AppConfig.grpcLimits`. */
export type GrpcLimits = GrpcLimitsConfig;

export const GRPC_SERVER_OPTIONS = Symbol('GRPC_SERVER_OPTIONS');
/** Admits an authenticated partner's call or throws (e.g. RATE_LIMITED → RESOURCE_EXHAUSTED); runs before the method. */
export const GRPC_ADMISSION = Symbol('GRPC_ADMISSION');
export type GrpcAdmission = (caller: GrpcCaller, method: string) => Promise<void>;

/**
 * One grpc-js server per process hosting every `@GrpcService` provider, with
 * server reflection. Errors are mapped to status once, here. Not what the
 * gateway serves (that is Nest's transport, `startGrpc`): the baseline the gRPC
 * benchmark compares it with, so it decides access with the same
 * `AccessPolicy` and declarations as the auth guard, not a rule of its own.
 */
@Injectable()
export class GrpcServer implements OnApplicationShutdown {
  private readonly logger = new Logger('grpc');
  private server?: grpc.Server;
  private listener?: net.Server;
  private boundPort?: number;

  constructor(
    @Inject(GRPC_SERVER_OPTIONS) private readonly options: GrpcServerOptions,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly access: AccessPolicy,
    @Optional() @Inject(GRPC_ADMISSION) private readonly admit?: GrpcAdmission,
  ) {}

  get port(): number | undefined {
    return this.boundPort;
  }

  async start(): Promise<number> {
    const limits = this.options.limits;
    const server = new grpc.Server(serverChannelOptions(limits));
    const guard = new RequestGuard(PROTO_ROOT, PROTO_FILES);
    const served: string[] = [];
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || !wrapper.metatype) continue;
      const meta = this.reflector.get<GrpcServiceMetadata | undefined>(GRPC_SERVICE, wrapper.metatype as never);
      if (!meta) continue;
      const definition = guard.guard(meta.definition);
      server.addService(definition, this.adapt({ ...meta, definition }, instance, wrapper.metatype));
      served.push(...new Set(Object.values(meta.definition).map((m) => m.path.split('/')[1])));
    }
    new ReflectionService(protoLoader.loadSync(PROTO_FILES, { includeDirs: [PROTO_ROOT] })).addToServer(server);
    const { listener, port } = await listenBounded(server, this.options);
    this.boundPort = port;
    this.listener = listener;
    this.server = server;
    this.logger.log(`gRPC on ${this.options.host}:${this.boundPort}${this.options.tls ? ' (TLS)' : ''}: ${served.join(', ')}`);
    return this.boundPort;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.listener?.close();
    await shutDown(server);
  }

  /**
   * The call's context: a signal aborted when the client goes away or the
   * server-side deadline passes. `expire` runs once, at that deadline, to
   * answer DEADLINE_EXCEEDED.
   */
  private context(
    call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerReadableStream<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>,
    streaming: boolean,
    expire: (error: GrpcStatusError) => void,
  ): { context: GrpcCallContext; done: () => void } {
    const controller = new AbortController();
    (call as grpc.ServerUnaryCall<unknown, unknown>).on('cancelled', () => controller.abort());
    const limitMs = streaming ? this.options.limits.streamDeadlineMs : this.options.limits.unaryDeadlineMs;
    const timer = setTimeout(() => {
      controller.abort();
      expire(new GrpcStatusError(grpc.status.DEADLINE_EXCEEDED, `the server's deadline of ${limitMs} ms for this call passed`));
    }, limitMs);
    timer.unref();
    const done = () => clearTimeout(timer);
    const context: GrpcCallContext = { metadata: call.metadata, signal: controller.signal };
    return { context, done };
  }

  /**
   * The caller, as the auth guard would admit it on the same handler; a
   * partner over its call budget is refused before its handler runs
   * (RESOURCE_EXHAUSTED), unless the handler is public.
   */
  private async admitCaller(rule: AccessRule, context: GrpcCallContext, method: string): Promise<void> {
    const caller = await this.access.admit(rule, authorizationOfMetadata(context.metadata));
    if (caller?.kind !== 'partner') return;
    context.caller = caller;
    if (!rule.public && this.admit) await this.admit(caller, method);
  }

  private adapt(meta: GrpcServiceMetadata, instance: Record<string, unknown>, metatype: object): grpc.UntypedServiceImplementation {
    const handlers: grpc.UntypedServiceImplementation = {};
    for (const [name, method] of Object.entries(meta.definition)) {
      const impl = instance[name] as ((request: unknown, context: GrpcCallContext) => unknown) | undefined;
      if (typeof impl !== 'function') throw new Error(`${instance.constructor.name} does not implement ${method.path}`);
      const rule = accessRuleOf(this.reflector, impl, metatype);
      const fail = (error: unknown) => {
        const mapped = toServiceError(error);
        if (mapped.code === grpc.status.INTERNAL)
          this.logger.error(`${method.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return mapped;
      };
      if (method.requestStream && method.responseStream) throw new Error(`${method.path}: bidirectional streaming is not supported`);
      if (!method.responseStream) {
        // Unary and client streaming: one answer, whichever comes first of the
        // handler's and the server-side deadline's.
        handlers[name] = (
          call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerReadableStream<unknown, unknown>,
          callback: grpc.sendUnaryData<unknown>,
        ) => {
          let answered = false;
          const answer = (error: unknown, response?: unknown) => {
            if (answered) return;
            answered = true;
            if (error === null) callback(null, response);
            else callback(fail(error));
          };
          Promise.resolve()
            .then(async () => {
              const { context, done } = this.context(call, method.requestStream, answer);
              try {
                await this.admitCaller(rule, context, method.path);
              } catch (error) {
                done();
                throw error;
              }
              const input = method.requestStream
                ? validMessages(call as AsyncIterable<unknown>)
                : validRequest((call as grpc.ServerUnaryCall<unknown, unknown>).request);
              return Promise.resolve(impl.call(instance, input, context)).finally(done);
            })
            .then(
              (response) => answer(null, response),
              (error) => answer(error),
            );
        };
      } else {
        handlers[name] = (call: grpc.ServerWritableStream<unknown, unknown>) => {
          let failed = false;
          const failCall = (error: unknown) => {
            if (failed) return;
            failed = true;
            call.emit('error', fail(error));
          };
          void (async () => {
            let done = () => {};
            try {
              const started = this.context(call, true, failCall);
              done = started.done;
              await this.admitCaller(rule, started.context, method.path);
              const stream = impl.call(instance, validRequest(call.request), started.context) as AsyncIterable<unknown>;
              for await (const message of stream) {
                if (call.cancelled || failed) return;
                // Wait for the client to read on, or to go away (a cancelled call never drains).
                if (!call.write(message))
                  await new Promise((resolve) => {
                    call.once('drain', resolve);
                    call.once('cancelled', resolve);
                    call.once('close', resolve);
                    started.context.signal.addEventListener('abort', resolve, { once: true });
                  });
              }
              if (!failed) call.end();
            } catch (error) {
              failCall(error);
            } finally {
              done();
            }
          })();
        };
      }
    }
    return handlers;
  }
}

/** What one process accepts on each connection (limits of `GrpcLimits`), for grpc-js's server. */
export function serverChannelOptions(limits: GrpcLimits): grpc.ServerOptions {
  return {
    'grpc.max_receive_message_length': limits.maxMessageBytes,
    'grpc.max_send_message_length': limits.maxMessageBytes,
    'grpc.max_concurrent_streams': limits.maxConcurrentStreams,
    'grpc.max_connection_age_ms': limits.maxConnectionAgeMs,
    'grpc.max_connection_age_grace_ms': limits.streamDeadlineMs,
    'grpc.max_connection_idle_ms': limits.maxConnectionIdleMs,
    'grpc.keepalive_time_ms': 2 * 60_000,
    'grpc.keepalive_timeout_ms': 20_000,
  };
}

/**
 * Our own listener, so the number of connections is bounded at accept
 * (grpc-js has no such option); grpc-js serves what we hand it, with the
 * server's credentials (TLS, mutual TLS).
 */
export async function listenBounded(
  server: grpc.Server,
  options: Pick<GrpcServerOptions, 'host' | 'port' | 'tls' | 'limits'>,
): Promise<{ listener: net.Server; port: number }> {
  const injector = server.createConnectionInjector(serverCredentials(options.tls));
  const listener = net.createServer((socket) => injector.injectConnection(socket));
  listener.maxConnections = options.limits.maxConnections;
  const port = await new Promise<number>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(options.port, options.host, () => resolve((listener.address() as net.AddressInfo).port));
  });
  return { listener, port };
}

/** Calls in flight get 2 s to finish. */
export async function shutDown(server: grpc.Server): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 2_000);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function serverCredentials(tls: GrpcServerOptions['tls']): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(
    tls.clientCaFile ? fs.readFileSync(tls.clientCaFile) : null,
    [{ private_key: fs.readFileSync(tls.keyFile), cert_chain: fs.readFileSync(tls.certFile) }],
    !!tls.clientCaFile,
  );
}

/** A request the guard could not read is the caller's fault: INVALID_ARGUMENT naming the field. */
function validRequest(request: unknown): unknown {
  if (request instanceof InvalidRequest) throw DomainError.validation([{ field: request.field, message: request.message }]);
  return request;
}

async function* validMessages(stream: AsyncIterable<unknown>): AsyncIterable<unknown> {
  for await (const message of stream) yield validRequest(message);
}
