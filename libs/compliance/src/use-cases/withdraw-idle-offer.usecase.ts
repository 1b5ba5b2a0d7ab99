import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { Clock, DomainError } from '@app/common';
import { isUuid } from '../domain/ids';
import { IdleOfferRepository, type IdleOffer } from '../infrastructure/idle-offer.repository';

/** The offering unit's admin withdraws its offer; a repeat answers the withdrawn offer. */
@Injectable()
export class WithdrawIdleOfferUseCase {
  constructor(
    private readonly offers: IdleOfferRepository,
    private readonly clock: Clock,
  ) {}

  async execute(id: string, principal: Principal): Promise<IdleOffer> {
    const offer = isUuid(id) ? await this.offers.findById(id) : undefined;
    if (!offer) throw DomainError.notFound(`idle offer ${id}`);
    if (offer.unitId !== principal.unitId) throw DomainError.forbidden('an offer is withdrawn by the unit that made it');
    return (await this.offers.withdraw(id, this.clock.now())) ?? offer;
  }
}
