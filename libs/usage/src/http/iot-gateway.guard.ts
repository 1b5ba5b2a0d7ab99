import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { PowerGateway } from '../domain/power-event';

/** The request of an authenticated gateway: which one speaks (rate limits count it as `device:<id>`). */
export interface GatewayRequest {
  headers: Record<string, string | undefined>;
  iotGateway?: PowerGateway;
  device?: { id: string };
}

/**
 * An IoT gateway presents `Authorization: Bearer <its token>`; IOT_GATEWAYS_FILE
 * holds only each token's SHA-256. The presented token's digest is compared
 * with every gateway's in constant time (no early exit), so neither a token
 * nor which gateway it nearly matched leaks through timing. Anything else,
 * user tokens included, is 401: this route is for gateways only.
 */
@Injectable()
export class IotGatewayGuard implements CanActivate {
  private readonly gateways: { gateway: PowerGateway; digest: Buffer }[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.gateways = config.usage.iotGateways.map((g) => ({ gateway: { id: g.id, unitIds: g.unitIds }, digest: Buffer.from(g.tokenSha256, 'hex') }));
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<GatewayRequest>();
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) throw new DomainError('UNAUTHENTICATED', "this endpoint needs an IoT gateway's token: Authorization: Bearer <gateway token>");
    const presented = createHash('sha256').update(match[1], 'utf8').digest();
    let found: PowerGateway | undefined;
    for (const g of this.gateways) if (timingSafeEqual(g.digest, presented) && !found) found = g.gateway;
    if (!found) throw new DomainError('UNAUTHENTICATED', 'unknown IoT gateway token');
    req.iotGateway = found;
    req.device = { id: `iot:${found.id}` };
    return true;
  }
}
