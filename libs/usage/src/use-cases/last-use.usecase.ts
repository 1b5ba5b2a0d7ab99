import { Injectable } from '@nestjs/common';
import { UsageReadRepository } from '../infrastructure/usage-read.repository';

/**
 * Art. 15: when each instrument was last in use, the latest end of a power-on
 * interval or a completed session (no-shows are no use). Instruments without
 * any use are absent from the map. `before` reads the state at that instant.
 */
@Injectable()
export class LastUseUseCase {
  constructor(private readonly usage: UsageReadRepository) {}

  execute(instrumentIds: readonly string[], before?: Date): Promise<Map<string, Date>> {
    return this.usage.lastUse([...new Set(instrumentIds)], before);
  }
}
