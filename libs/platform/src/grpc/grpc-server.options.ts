import * as path from 'node:path';
import { ReflectionService } from '@grpc/reflection';
import { Transport, type GrpcOptions } from '@nestjs/microservices';

/** `proto/` at the repository root: the contract is the source, code follows it. */
export const PROTO_ROOT = path.resolve(__dirname, '../../../../proto');

export interface GrpcServerOptions {
  host: string;
  port: number;
  /** Extra packages served by this process (e.g. the federation services). */
  packages?: { name: string; protoPath: string }[];
}

/**
 * gRPC server options with the health service and server reflection always
 * on, so grpcurl and load balancers can see what we serve.
 */
export function grpcServerOptions(options: GrpcServerOptions): GrpcOptions {
  const packages = [{ name: 'grpc.health.v1', protoPath: 'grpc/health/v1/health.proto' }, ...(options.packages ?? [])];
  return {
    transport: Transport.GRPC,
    options: {
      url: `${options.host}:${options.port}`,
      package: packages.map((p) => p.name),
      protoPath: packages.map((p) => p.protoPath),
      loader: { includeDirs: [PROTO_ROOT], keepCase: false, longs: String, enums: String, defaults: true, oneofs: true },
      onLoadPackageDefinition: (definition, server) => new ReflectionService(definition).addToServer(server),
    },
  };
}
