import type * as net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { ServerGrpc } from '@nestjs/microservices';
import { PROTO_FILES, PROTO_ROOT, listenBounded, serverChannelOptions, shutDown, type GrpcServerOptions } from '../grpc-server';
import { RequestGuard } from '../request-guard';

/**
 * Nest's gRPC transport, serving the contract with ts-proto's own codecs:
 * Nest is handed a package definition made of the generated grpc-js service
 * definitions (Dates, string int64, oneof unions: the types every handler and
 * client uses), with every request decoder made total by `RequestGuard`,
 * instead of proto-loader's (string enums, flat oneofs, `{seconds, nanos}`).
 *
 * What Nest's options cannot say is done by overriding how it creates its
 * grpc-js server: connections are accepted by our own listener, bounded at
 * accept, and handed to grpc-js with the server's credentials.
 */
export class GrpcTransport extends ServerGrpc {
  private listener?: net.Server;
  private boundPort?: number;

  constructor(
    private readonly settings: GrpcServerOptions,
    definitions: grpc.ServiceDefinition[],
  ) {
    const guard = new RequestGuard(PROTO_ROOT, PROTO_FILES);
    const packageDefinition: Record<string, grpc.ServiceDefinition> = {};
    for (const definition of definitions) {
      const first = Object.values(definition)[0];
      packageDefinition[first.path.split('/')[1]] = guard.guard(definition);
    }
    const packages = [...new Set(Object.keys(packageDefinition).map((name) => name.slice(0, name.lastIndexOf('.'))))];
    super({
      package: packages,
      packageDefinition,
      gracefulShutdown: true,
      onLoadPackageDefinition: (_definition: unknown, server: grpc.Server) =>
        new ReflectionService(protoLoader.loadSync(PROTO_FILES, { includeDirs: [PROTO_ROOT] })).addToServer(server),
    });
  }

  get port(): number | undefined {
    return this.boundPort;
  }

  override async createClient(): Promise<grpc.Server> {
    const server = new grpc.Server(serverChannelOptions(this.settings.limits));
    const { listener, port } = await listenBounded(server, this.settings);
    this.listener = listener;
    this.boundPort = port;
    return server;
  }

  override async close(): Promise<void> {
    this.listener?.close();
    const server = this.grpcClient;
    if (server) await shutDown(server);
  }
}
