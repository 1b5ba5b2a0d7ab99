import type { InstrumentDutyFactsUseCase } from '@app/catalog';
import { FixedClock } from '@app/common';
import type { AppConfig } from '@app/config';
import type { LastUseUseCase } from '@app/usage';
import { instrumentFacts, mockOf, PrincipalFactory } from '@test/factories';
import type { IdleOfferRepository } from '../infrastructure/idle-offer.repository';
import { OfferIdleInstrumentUseCase } from './offer-idle-instrument.usecase';

const clock = new FixedClock(new Date('2026-12-05T02:00:00Z'));
const config = { measures: { effectiveDate: '2025-01-01' } } as AppConfig;

function world(facts = instrumentFacts({ id: 'jiaxing:jx-u001.XRD-1', unitId: 'jx-u001', acceptanceDate: '2020-06-01' }), lastUsed?: Date) {
  const catalog = mockOf<InstrumentDutyFactsUseCase>({ list: async (filter) => (filter.ids?.includes(facts.id) ? [facts] : []) });
  const lastUse = mockOf<LastUseUseCase>({ execute: async () => new Map(lastUsed ? [[facts.id, lastUsed]] : []) });
  const offers = mockOf<IdleOfferRepository>({ insert: async (o) => ({ id: 'offer-1', status: 'open', ...o }) as never });
  return { facts, offers, offer: new OfferIdleInstrumentUseCase(catalog, lastUse, offers, clock, config) };
}

const body = (instrumentId: string) => ({ instrumentId, kind: 'lease', terms: '按月租赁，含操作培训' });

describe('a unit offers an idle instrument for lease or transfer (Art. 15)', () => {
  it('offers its own instrument unused for over a month, as the unit admin who asked', async () => {
    const { facts, offers, offer } = world(undefined, new Date('2026-09-10T08:00:00Z'));
    await offer.execute(body(facts.id), PrincipalFactory.unitAdmin('jx-u001'));
    expect(offers.insert).toHaveBeenCalledWith(
      expect.objectContaining({ instrumentId: facts.id, unitId: 'jx-u001', kind: 'lease', createdBy: 'admin-of-jx-u001' }),
    );
  });

  it('an instrument used within the last month is not idle: refused with the day it would be, and Art. 15', async () => {
    const { facts, offers, offer } = world(undefined, new Date('2026-11-28T08:00:00Z'));
    await expect(offer.execute(body(facts.id), PrincipalFactory.unitAdmin('jx-u001'))).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('Art. 15'),
    });
    expect(offers.insert).not.toHaveBeenCalled();
  });

  it('an instrument excluded from sharing is never offered to other units (Art. 11), however idle', async () => {
    const { facts, offers, offer } = world(instrumentFacts({ id: 'jiaxing:jx-u001.EX-1', unitId: 'jx-u001', confidentiality: { status: 'exempted' } }));
    await expect(offer.execute(body(facts.id), PrincipalFactory.unitAdmin('jx-u001'))).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
      message: expect.stringContaining('Art. 11'),
    });
    expect(offers.insert).not.toHaveBeenCalled();
  });

  it("another unit's admin may not offer it (403); an unknown id is not found (404)", async () => {
    const { facts, offers, offer } = world();
    await expect(offer.execute(body(facts.id), PrincipalFactory.unitAdmin('jx-u009'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(offer.execute(body('jiaxing:jx-u001.NONE'), PrincipalFactory.unitAdmin('jx-u001'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(offers.insert).not.toHaveBeenCalled();
  });

  it('a second open offer is a conflict; a bad kind or empty terms are refused field by field', async () => {
    const { facts, offers, offer } = world();
    offers.insert.mockResolvedValueOnce(undefined);
    await expect(offer.execute(body(facts.id), PrincipalFactory.unitAdmin('jx-u001'))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(offer.execute({ instrumentId: facts.id, kind: 'sell', terms: ' ' }, PrincipalFactory.unitAdmin('jx-u001'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { violations: expect.arrayContaining([expect.objectContaining({ field: 'kind' }), expect.objectContaining({ field: 'terms' })]) },
    });
  });
});
