import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { InstrumentDutyFactsUseCase } from '@app/catalog';
import { Clock, DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { assessConfidentiality } from '@app/policy';
import { LastUseUseCase } from '@app/usage';
import { assessIdleDuty, lastUseDay, OWN_REGION } from '../domain/duties';
import { IdleOfferRepository, type IdleOffer } from '../infrastructure/idle-offer.repository';
import { offerIdleInstrumentInput } from './offer-idle-instrument.input';

/**
 * Art. 15: a unit offers one of its idle instruments for lease or transfer to
 * other units. Only its own, only one shared (an excluded instrument is never
 * shown outside its unit, Art. 11), only while idle; one open offer at a time.
 */
@Injectable()
export class OfferIdleInstrumentUseCase {
  constructor(
    private readonly facts: InstrumentDutyFactsUseCase,
    private readonly lastUse: LastUseUseCase,
    private readonly offers: IdleOfferRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `body`: an `OfferIdleInstrumentInput`, checked here unless its contract already did (HTTP's pipe). */
  async execute(body: unknown, principal: Principal): Promise<IdleOffer> {
    const { instrumentId, kind, terms } = offerIdleInstrumentInput.parse(body);
    if (!principal.unitId) throw DomainError.forbidden("only a unit admin offers its unit's instruments");

    const [f] = await this.facts.list({ ids: [instrumentId] });
    if (!f || f.region !== OWN_REGION) throw DomainError.notFound(`instrument ${instrumentId}`);
    if (f.unitId !== principal.unitId) throw DomainError.forbidden('an instrument is offered by the unit that owns it');
    const sharing = assessConfidentiality(f.confidentiality);
    if (sharing.outcome === 'excluded')
      throw new DomainError('UNPROCESSABLE', 'an instrument excluded from sharing cannot be offered to other units (Art. 11)', { reasons: sharing.reasons });

    const asOf = this.clock.today();
    const last = (await this.lastUse.execute([f.id])).get(f.id);
    const idle = assessIdleDuty(f, last ? lastUseDay(last) : undefined, asOf, this.config.measures.effectiveDate);
    if (idle.outcome !== 'idle')
      throw new DomainError('PRECONDITION_FAILED', `not idle: it was used within the last month (idle from ${idle.idleFrom}, Art. 15)`, {
        reasons: idle.reasons,
      });

    const offer = await this.offers.insert({
      instrumentId: f.id,
      unitId: f.unitId,
      kind,
      terms,
      createdBy: principal.sub,
      createdAt: this.clock.now(),
    });
    if (!offer) throw DomainError.conflict('this instrument already has an open offer: withdraw it first');
    return offer;
  }
}
