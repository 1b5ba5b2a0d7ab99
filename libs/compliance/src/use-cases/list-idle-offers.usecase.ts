import { Injectable } from '@nestjs/common';
import { InstrumentDutyFactsUseCase } from '@app/catalog';
import { assessConfidentiality } from '@app/policy';
import { IdleOfferRepository, type IdleOffer } from '../infrastructure/idle-offer.repository';

/**
 * Open offers of idle instruments, for other units to take up (Art. 15). An
 * instrument withdrawn or since marked confidential or exempted drops out.
 */
@Injectable()
export class ListIdleOffersUseCase {
  constructor(
    private readonly offers: IdleOfferRepository,
    private readonly facts: InstrumentDutyFactsUseCase,
  ) {}

  async execute(): Promise<(IdleOffer & { instrumentName: string })[]> {
    const open = await this.offers.listOpen(500);
    const live = new Map((await this.facts.list({ ids: open.map((o) => o.instrumentId) })).map((f) => [f.id, f]));
    return open.flatMap((o) => {
      const f = live.get(o.instrumentId);
      return f && assessConfidentiality(f.confidentiality).outcome !== 'excluded' ? [{ ...o, instrumentName: f.name }] : [];
    });
  }
}
