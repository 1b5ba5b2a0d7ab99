import { Injectable } from '@nestjs/common';
import { GetInstrumentUseCase } from '@app/catalog';
import { DomainError, parseInstrumentId, type FieldViolation } from '@app/common';
import { estimateFee, type FeeEstimate } from '@app/policy';
import { readInstant } from '../domain/booking-request';

/**
 * What a window would cost the caller before they book (Arts. 13, 19): the estimate a booking of
 * that window would carry — the internal price for the owning unit's own people, the external one
 * for everyone else (a caller without a unit is another unit). `estimate: null` when the instrument
 * has no fee standard. The instrument is seen as the caller sees it: hidden is 404.
 */
@Injectable()
export class EstimateBookingFeeUseCase {
  constructor(private readonly instruments: GetInstrumentUseCase) {}

  async execute(
    instrumentId: string,
    start: unknown,
    end: unknown,
    caller: { sub: string; unitId?: string; roles: string[] },
  ): Promise<{ instrumentId: string; start: string; end: string; estimate: FeeEstimate | null }> {
    const violations: FieldViolation[] = [];
    if (!parseInstrumentId(instrumentId)) violations.push({ field: 'instrument_id', message: 'must be <region>:<localId>' });
    const from = readInstant(start, 'start', violations);
    const to = readInstant(end, 'end', violations);
    if (from && to && (to <= from || to.getTime() - from.getTime() > 92 * 86_400_000))
      violations.push({ field: 'end', message: 'must be after start, within 92 days' });
    if (violations.length) throw DomainError.validation(violations);
    const instrument = await this.instruments.execute(instrumentId, { sub: caller.sub, roles: ['user'], unitId: caller.unitId });
    const estimate = estimateFee(instrument.fee, { start: from!, end: to! }, { ownerUnitId: instrument.unitId, requesterUnitId: caller.unitId });
    return { instrumentId, start: from!.toISOString(), end: to!.toISOString(), estimate: estimate ?? null };
  }
}
