import { createHash, timingSafeEqual } from 'node:crypto';
import type { DeviceCaller, DeviceCredentials } from '@app/auth';
import type { UsageConfig } from '@app/config';

/**
 * IoT gateways' tokens → which gateway speaks: @app/auth's verifier of device
 * credentials (`DEVICE_CREDENTIALS`), for @Devices() endpoints.
 * IOT_GATEWAYS_FILE holds only each token's SHA-256. The presented token's
 * digest is compared with every gateway's in constant time (no early exit),
 * so neither a token nor which gateway it nearly matched leaks through timing.
 */
export function iotGatewayCredentials(gateways: UsageConfig['iotGateways']): DeviceCredentials {
  const holders = gateways.map((g) => ({
    caller: { kind: 'device', id: g.id, unitIds: g.unitIds } satisfies DeviceCaller,
    digest: Buffer.from(g.tokenSha256, 'hex'),
  }));
  return (token) => {
    const presented = createHash('sha256').update(token, 'utf8').digest();
    let found: DeviceCaller | undefined;
    for (const holder of holders) if (timingSafeEqual(holder.digest, presented) && !found) found = holder.caller;
    return found;
  };
}
