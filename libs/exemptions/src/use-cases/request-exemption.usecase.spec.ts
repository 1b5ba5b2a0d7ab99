import type { InstrumentDutyFactsUseCase } from '@app/catalog';
import { FixedClock } from '@app/common';
import { instrumentFacts, mockOf, PrincipalFactory, storedExemption } from '@test/factories';
import type { ExemptionRepository } from '../infrastructure/exemption.repository';
import { RequestExemptionUseCase } from './request-exemption.usecase';

const clock = new FixedClock(new Date('2026-11-30T02:00:00Z'));

function world(facts = instrumentFacts({ id: 'jiaxing:jx-u001.SEM-1', unitId: 'jx-u001', unitSector: 'health' }), open = false) {
  const requests = mockOf<ExemptionRepository>({ insert: async (r) => (open ? undefined : storedExemption({ ...r })) });
  const catalog = mockOf<InstrumentDutyFactsUseCase>({ list: async (filter) => (filter.ids?.includes(facts.id) ? [facts] : []) });
  return { facts, requests, request: new RequestExemptionUseCase(catalog, requests, clock) };
}

describe('a unit asks to exempt one of its own instruments (Art. 11)', () => {
  it("goes to the competent department of the unit's sector (Art. 7), with the grounds and the asker", async () => {
    const { facts, requests, request } = world();
    await request.execute({ instrumentId: facts.id, grounds: '承担涉密科研任务' }, PrincipalFactory.unitAdmin('jx-u001'));
    expect(requests.insert).toHaveBeenCalledWith(
      expect.objectContaining({
        instrumentId: facts.id,
        unitId: 'jx-u001',
        departmentCode: 'health_commission',
        grounds: '承担涉密科研任务',
        requestedBy: 'admin-of-jx-u001',
        requestedAt: clock.now(),
      }),
    );
  });

  it("another unit's instrument, a partner's record or an unknown id is not found (404): a unit learns nothing of others'", async () => {
    const { facts, requests, request } = world();
    await expect(request.execute({ instrumentId: facts.id, grounds: 'g' }, PrincipalFactory.unitAdmin('jx-u002'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const partners = world(instrumentFacts({ id: 'shanghai:SH-1', region: 'shanghai', sourcePlatform: 'shanghai', unitId: 'jx-u001' }));
    await expect(partners.request.execute({ instrumentId: 'shanghai:SH-1', grounds: 'g' }, PrincipalFactory.unitAdmin('jx-u001'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(request.execute({ instrumentId: 'jiaxing:jx-u001.NOPE', grounds: 'g' }, PrincipalFactory.unitAdmin('jx-u001'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(requests.insert).not.toHaveBeenCalled();
    expect(partners.requests.insert).not.toHaveBeenCalled();
  });

  it('an instrument already out of sharing (exempted, or a declared state secret) is a conflict, said with its article', async () => {
    const exempted = world(instrumentFacts({ id: 'jiaxing:jx-u001.E-1', confidentiality: { status: 'exempted' } }));
    await expect(exempted.request.execute({ instrumentId: 'jiaxing:jx-u001.E-1', grounds: 'g' }, PrincipalFactory.unitAdmin())).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('Art. 11'),
    });
    const secret = world(instrumentFacts({ id: 'jiaxing:jx-u001.S-1', confidentiality: { status: 'confidential' } }));
    await expect(secret.request.execute({ instrumentId: 'jiaxing:jx-u001.S-1', grounds: 'g' }, PrincipalFactory.unitAdmin())).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('Art. 2'),
    });
  });

  it('one open request per instrument: a second is a conflict that says to wait or withdraw', async () => {
    const { facts, request } = world(undefined, true);
    await expect(request.execute({ instrumentId: facts.id, grounds: 'g' }, PrincipalFactory.unitAdmin())).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('under way'),
    });
  });

  it('grounds are required and bounded; unknown fields are refused, naming what is expected', async () => {
    const { facts, request } = world();
    await expect(request.execute({ instrumentId: facts.id }, PrincipalFactory.unitAdmin())).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { violations: [expect.objectContaining({ field: 'grounds' })] },
    });
    await expect(request.execute({ instrumentId: facts.id, grounds: 'x'.repeat(4001) }, PrincipalFactory.unitAdmin())).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(request.execute({ instrumentId: facts.id, grounds: 'g', urgent: true }, PrincipalFactory.unitAdmin())).rejects.toMatchObject({
      details: { violations: [expect.objectContaining({ field: 'urgent', message: expect.stringContaining('instrumentId, grounds') })] },
    });
  });
});
