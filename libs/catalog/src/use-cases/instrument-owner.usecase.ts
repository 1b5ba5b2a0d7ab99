import { Injectable } from '@nestjs/common';
import { InstrumentRepository } from '../infrastructure/instrument.repository';

/**
 * The unit that owns an instrument, withdrawn or not: a withdrawal leaves
 * bookings under way that the unit still reads and closes (docs/booking.md).
 * Safe to trust for a tombstone because a row never changes owner: a withdrawn
 * instrument comes back only to its own unit (InstrumentRepository.insert).
 */
@Injectable()
export class InstrumentOwnerUseCase {
  constructor(private readonly instruments: InstrumentRepository) {}

  execute(instrumentId: string): Promise<string | undefined> {
    return this.instruments.owningUnit(instrumentId);
  }
}
