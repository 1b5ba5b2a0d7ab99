import type { ApplyExemptionUseCase, InstrumentDutyFactsUseCase } from '@app/catalog';
import { FixedClock } from '@app/common';
import { approvedExemption, instrumentFacts, mockOf, PrincipalFactory } from '@test/factories';
import type { StoredExemption, ExemptionRepository } from '../infrastructure/exemption.repository';
import { ExemptionAccess } from './exemption-access';
import { FileExemptionUseCase } from './file-exemption.usecase';

const clock = new FixedClock(new Date('2026-12-03T01:00:00Z'));

function world(stored: StoredExemption, live = true) {
  const requests = mockOf<ExemptionRepository>({
    findById: async () => stored,
    move: async (_id, from, to, columns) =>
      from.includes(stored.status)
        ? { ...stored, status: to, filingRef: columns.filing_ref, filingDate: columns.filing_date, filedBy: columns.filed_by }
        : undefined,
  });
  const facts = mockOf<InstrumentDutyFactsUseCase>({ list: async () => (live ? [instrumentFacts({ id: stored.instrumentId, unitId: stored.unitId })] : []) });
  const apply = mockOf<ApplyExemptionUseCase>({ execute: async () => undefined });
  return { requests, apply, file: new FileExemptionUseCase(new ExemptionAccess(requests), requests, facts, apply, clock) };
}

describe('the office files an approved exemption (Art. 11, second step)', () => {
  it("exempts the instrument through the catalog with the department's approval and the filing, none of it from the unit", async () => {
    const stored = approvedExemption();
    const { apply, file } = world(stored);
    const view = await file.execute(stored.id, { filingRef: '浙大仪备〔2026〕7号' }, PrincipalFactory.office());
    expect(view.status).toBe('filed');
    expect(view.effect).toMatchObject({ article: 11, code: 'exemption.in_force' });
    expect(apply.execute).toHaveBeenCalledWith(stored.instrumentId, {
      approvedBy: '嘉兴市科学技术局',
      approvalRef: '嘉科〔2026〕12号',
      approvalDate: '2026-12-01',
      filingRef: '浙大仪备〔2026〕7号',
      filingDate: '2026-12-03',
      note: `exemption request ${stored.id}`,
    });
  });

  it('sent again with the same filing reference, applies it again and moves nothing (a crash between the two is mended)', async () => {
    const stored = approvedExemption({ status: 'filed', filingRef: 'F-7', filingDate: '2026-12-03', filedBy: 'office-1', filedAt: clock.now() });
    const { requests, apply, file } = world(stored);
    await expect(file.execute(stored.id, { filingRef: 'F-7' }, PrincipalFactory.office())).resolves.toMatchObject({ status: 'filed' });
    expect(requests.move).not.toHaveBeenCalled();
    expect(apply.execute).toHaveBeenCalledTimes(1);
    // Another reference for a filed request is a conflict, not a second filing.
    await expect(file.execute(stored.id, { filingRef: 'F-8' }, PrincipalFactory.office())).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(apply.execute).toHaveBeenCalledTimes(1);
  });

  it('a request not yet approved is not filed (409), and nothing is exempted', async () => {
    const { apply, file } = world(approvedExemption({ status: 'requested', approvalRef: undefined, approvalDate: undefined }));
    await expect(file.execute(approvedExemption().id, { filingRef: 'F-1' }, PrincipalFactory.office())).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(apply.execute).not.toHaveBeenCalled();
  });

  it('an instrument withdrawn from the registry meanwhile has nothing to exempt (409)', async () => {
    const stored = approvedExemption();
    const { requests, apply, file } = world(stored, false);
    await expect(file.execute(stored.id, { filingRef: 'F-1' }, PrincipalFactory.office())).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('withdrawn'),
    });
    expect(requests.move).not.toHaveBeenCalled();
    expect(apply.execute).not.toHaveBeenCalled();
  });

  it('only the office files: the approving department itself may not (403)', async () => {
    const stored = approvedExemption();
    const { apply, file } = world(stored);
    await expect(file.execute(stored.id, { filingRef: 'F-1' }, PrincipalFactory.department('science_bureau'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(apply.execute).not.toHaveBeenCalled();
  });
});
