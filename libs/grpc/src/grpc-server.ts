import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { DomainError } from '@app/common';
import { toServiceError } from './grpc-errors';
import { GRPC_SERVICE, type GrpcCallContext, type GrpcCaller, type GrpcServiceMetadata } from './grpc-service.decorator';

/** `proto/` at the repository root. */
export const PROTO_ROOT = path.resolve(__dirname, '../../../proto');

export interface GrpcServerOptions {
  host: string;
  port: number;
  /** Server TLS; with `clientCaFile`, clients must present a certificate it signed (mutual TLS). */
  tls?: { certFile: string; keyFile: string; clientCaFile?: string };
}

export const GRPC_SERVER_OPTIONS = Symbol('GRPC_SERVER_OPTIONS');
/** Resolves a bearer token to a partner, or undefined when no partner holds it. */
export const GRPC_AUTHENTICATOR = Symbol('GRPC_AUTHENTICATOR');
export type GrpcAuthenticator = (token: string) => GrpcCaller | undefined;
/** Admits an authenticated partner's call or throws (e.g. RATE_LIMITED → RESOURCE_EXHAUSTED); runs before the method. */
export const GRPC_ADMISSION = Symbol('GRPC_ADMISSION');
export type GrpcAdmission = (caller: GrpcCaller, method: string) => Promise<void>;

/**
 * One grpc-js server per process hosting every `@GrpcService` provider, with
 * server reflection. Errors are mapped to status once, here.
 */
@Injectable()
export class GrpcServer implements OnApplicationShutdown {
  private readonly logger = new Logger('grpc');
  private server?: grpc.Server;
  private boundPort?: number;

  constructor(
    @Inject(GRPC_SERVER_OPTIONS) private readonly options: GrpcServerOptions,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    @Optional() @Inject(GRPC_AUTHENTICATOR) private readonly authenticate?: GrpcAuthenticator,
    @Optional() @Inject(GRPC_ADMISSION) private readonly admit?: GrpcAdmission,
  ) {}

  get port(): number | undefined {
    return this.boundPort;
  }

  async start(): Promise<number> {
    const server = new grpc.Server({ 'grpc.max_receive_message_length': 4 * 1024 * 1024 });
    const served: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || !wrapper.metatype) continue;
      const meta = this.reflector.get<GrpcServiceMetadata | undefined>(GRPC_SERVICE, wrapper.metatype as never);
      if (!meta) continue;
      server.addService(meta.definition, this.adapt(meta, instance));
      served.push(...new Set(Object.values(meta.definition).map((m) => m.path.split('/')[1])));
    }
    const definition = protoLoader.loadSync(
      ['grpc/health/v1/health.proto', 'yrd/federation/v1/catalog.proto', 'yrd/federation/v1/booking.proto'],
      { includeDirs: [PROTO_ROOT] },
    );
    new ReflectionService(definition).addToServer(server);
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${this.options.host}:${this.options.port}`, this.credentials(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    this.server = server;
    this.logger.log(`gRPC on ${this.options.host}:${this.boundPort}${this.options.tls ? ' (TLS)' : ''}: ${served.join(', ')}`);
    return this.boundPort;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
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

  private credentials(): grpc.ServerCredentials {
    const tls = this.options.tls;
    if (!tls) return grpc.ServerCredentials.createInsecure();
    return grpc.ServerCredentials.createSsl(
      tls.clientCaFile ? fs.readFileSync(tls.clientCaFile) : null,
      [{ private_key: fs.readFileSync(tls.keyFile), cert_chain: fs.readFileSync(tls.certFile) }],
      !!tls.clientCaFile,
    );
  }

  private context(call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>, meta: GrpcServiceMetadata): GrpcCallContext {
    const controller = new AbortController();
    call.on('cancelled', () => controller.abort());
    const context: GrpcCallContext = { metadata: call.metadata, signal: controller.signal };
    if (meta.auth === 'partner') {
      const header = call.metadata.get('authorization')[0];
      const token = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
      const caller = token ? this.authenticate?.(token) : undefined;
      if (!caller) throw new DomainError('UNAUTHENTICATED', token ? 'unknown partner token' : 'missing "authorization: Bearer <token>" metadata');
      context.caller = caller;
    }
    return context;
  }

  private async open(call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>, meta: GrpcServiceMetadata, method: string): Promise<GrpcCallContext> {
    const context = this.context(call, meta);
    if (context.caller && this.admit) await this.admit(context.caller, method);
    return context;
  }

  private adapt(meta: GrpcServiceMetadata, instance: Record<string, unknown>): grpc.UntypedServiceImplementation {
    const handlers: grpc.UntypedServiceImplementation = {};
    for (const [name, method] of Object.entries(meta.definition)) {
      const impl = instance[name] as ((request: unknown, context: GrpcCallContext) => unknown) | undefined;
      if (typeof impl !== 'function') throw new Error(`${instance.constructor.name} does not implement ${method.path}`);
      const fail = (error: unknown) => {
        const mapped = toServiceError(error);
        if (mapped.code === grpc.status.INTERNAL) this.logger.error(`${method.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return mapped;
      };
      if (method.requestStream && !method.responseStream) {
        // Client streaming: the implementation receives the messages as an async iterable.
        handlers[name] = (call: grpc.ServerReadableStream<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
          Promise.resolve()
            .then(() => this.open(call as never, meta, method.path))
            .then((context) => impl.call(instance, call as AsyncIterable<unknown>, context) as Promise<unknown>)
            .then((response) => callback(null, response), (error) => callback(fail(error)));
        };
      } else if (method.requestStream) {
        throw new Error(`${method.path}: bidirectional streaming is not supported`);
      } else if (!method.responseStream) {
        handlers[name] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
          Promise.resolve()
            .then(() => this.open(call, meta, method.path))
            .then((context) => impl.call(instance, call.request, context) as Promise<unknown>)
            .then((response) => callback(null, response), (error) => callback(fail(error)));
        };
      } else {
        handlers[name] = (call: grpc.ServerWritableStream<unknown, unknown>) => {
          void (async () => {
            try {
              const stream = impl.call(instance, call.request, await this.open(call, meta, method.path)) as AsyncIterable<unknown>;
              for await (const message of stream) {
                if (call.cancelled) return;
                // Wait for the client to read on, or to go away (a cancelled call never drains).
                if (!call.write(message)) await new Promise((resolve) => {
                  call.once('drain', resolve);
                  call.once('cancelled', resolve);
                  call.once('close', resolve);
                });
              }
              call.end();
            } catch (error) {
              call.emit('error', fail(error));
            }
          })();
        };
      }
    }
    return handlers;
  }
}
