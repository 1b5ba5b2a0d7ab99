import { Injectable } from '@nestjs/common';
import { GetInstrumentUseCase } from '@app/catalog';
import { readCheckedInstant } from '@app/common';
import { estimateFee, type FeeEstimate } from '@app/policy';
import { feeEstimateInput } from './time-window.input';

/**
 * What a window would cost the caller before they book (Arts. 13, 19): the estimate a booking of
 * that window would carry — the internal price for the owning unit's own people, the external one
 * for everyone else (a caller without a unit is another unit). `estimate: null` when the instrument
 * has no fee standard. The instrument is seen as the caller sees it: hidden is 404.
 */
@Injectable()
export class EstimateBookingFeeUseCase {
  constructor(private readonly instruments: GetInstrumentUseCase) {}

  /** `raw`: a `FeeEstimateInput`, checked here unless its contract already did (HTTP's pipe). */
  async execute(
    raw: unknown,
    caller: { sub: string; unitId?: string; roles: string[] },
  ): Promise<{ instrumentId: string; start: string; end: string; estimate: FeeEstimate | null }> {
    const input = feeEstimateInput.parse(raw);
    const [instrumentId, from, to] = [input.instrumentId, readCheckedInstant(input.start), readCheckedInstant(input.end)];
    const instrument = await this.instruments.execute(instrumentId, { sub: caller.sub, roles: ['user'], unitId: caller.unitId });
    const estimate = estimateFee(instrument.fee, { start: from, end: to }, { ownerUnitId: instrument.unitId, requesterUnitId: caller.unitId });
    return { instrumentId, start: from.toISOString(), end: to.toISOString(), estimate: estimate ?? null };
  }
}
