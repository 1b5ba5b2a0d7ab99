import { Logger } from '@nestjs/common';
import type { SyncFailure } from '../domain/circuit-breaker';
import type { SyncStrategy } from '../sync/sync-strategy';
import { classifyFailure } from './province-failure';

/** What both directions of an OpenAPI partner (the province) share: one health for both, the province's failures. */
export abstract class OpenApiStrategy implements Pick<SyncStrategy, 'protocol' | 'twoWay' | 'classify'> {
  readonly protocol = 'openapi' as const;
  readonly twoWay = true;
  protected readonly logger = new Logger('federation');

  classify(error: unknown): SyncFailure {
    return classifyFailure(error);
  }
}
