import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Metadata } from '@grpc/grpc-js';
import { DomainError } from '@app/common';
import { GRPC_AUTHENTICATOR, type GrpcAuthenticator } from '../grpc-server';
import { GRPC_SERVICE, type GrpcServiceMetadata } from '../grpc-service.decorator';
import { callOf, rememberCaller } from './grpc-call-context';

/**
 * Partners' bearer tokens on services marked `auth: 'partner'`: a call
 * without a known token is refused UNAUTHENTICATED before its handler, as an
 * HTTP request without a valid JWT is by the auth guard.
 */
@Injectable()
export class GrpcPartnerGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Optional() @Inject(GRPC_AUTHENTICATOR) private readonly authenticate?: GrpcAuthenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'rpc') return true;
    const service = this.reflector.get<GrpcServiceMetadata | undefined>(GRPC_SERVICE, context.getClass());
    if (!service) throw DomainError.forbidden('this gRPC handler is not a @GrpcService');
    if (service.auth === 'none') return true;
    const header = context.getArgByIndex<Metadata>(1).get('authorization')[0];
    const token = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    const caller = token ? this.authenticate?.(token) : undefined;
    if (!caller) throw new DomainError('UNAUTHENTICATED', token ? 'unknown partner token' : 'missing "authorization: Bearer <token>" metadata');
    rememberCaller(callOf(context), caller);
    return true;
  }
}
