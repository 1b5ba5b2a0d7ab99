import { DomainError, FixedClock } from '@app/common';
import { approvedExemption, mockOf, PrincipalFactory, storedExemption } from '@test/factories';
import type { ExemptionRepository } from '../infrastructure/exemption.repository';
import { ApproveExemptionUseCase } from './approve-exemption.usecase';
import { ExemptionAccess } from './exemption-access';
import { RejectExemptionUseCase } from './reject-exemption.usecase';

// 23:30 on 30 Nov in UTC is already 1 Dec in China: the approval date is China's.
const clock = new FixedClock(new Date('2026-11-30T23:30:00Z'));

function world(stored = storedExemption()) {
  const requests = mockOf<ExemptionRepository>({
    findById: async (id) => (id === stored.id ? stored : undefined),
    move: async (_id, from, to, columns) =>
      from.includes(stored.status)
        ? { ...stored, status: to, approvalRef: columns.approval_ref, approvalDate: columns.approval_date, rejectReason: columns.reject_reason }
        : undefined,
  });
  const access = new ExemptionAccess(requests);
  return { stored, requests, approve: new ApproveExemptionUseCase(access, requests, clock), reject: new RejectExemptionUseCase(access, requests, clock) };
}

describe('a competent department decides an exemption request (Art. 11, first step)', () => {
  it('approves with its reference, dated today in China, by the officer; the instrument is not exempted yet', async () => {
    const { stored, requests, approve } = world();
    const view = await approve.execute(stored.id, { reference: '  嘉科〔2026〕12号 ' }, PrincipalFactory.department('science_bureau'));
    expect(requests.move).toHaveBeenCalledWith(
      stored.id,
      ['requested'],
      'approved',
      expect.objectContaining({ approval_ref: '嘉科〔2026〕12号', approval_date: '2026-12-01', decided_by: 'officer-of-science_bureau' }),
      expect.objectContaining({ actor: 'officer-of-science_bureau', detail: 'approval 嘉科〔2026〕12号' }),
    );
    expect(view.status).toBe('approved');
    expect(view.effect).toMatchObject({ article: 11, code: 'exemption.pending' });
  });

  it("another sector's department learns nothing of the request (404) and nothing moves", async () => {
    const { stored, requests, approve } = world();
    const refused = await approve.execute(stored.id, { reference: 'X-1' }, PrincipalFactory.department('health_commission')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'NOT_FOUND' });
    expect(requests.move).not.toHaveBeenCalled();
  });

  it('is taken as the department only: the office or the unit itself may not approve (403), whatever they may read', async () => {
    const { stored, requests, approve } = world();
    for (const caller of [PrincipalFactory.office(), PrincipalFactory.unitAdmin('jx-u001')]) {
      await expect(approve.execute(stored.id, { reference: 'X-1' }, caller)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(requests.move).not.toHaveBeenCalled();
  });

  it('refuses a body without a reference, with unknown fields or control characters, before reading the request', async () => {
    const { stored, requests, approve } = world();
    const caller = PrincipalFactory.department('science_bureau');
    await expect(approve.execute(stored.id, {}, caller)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { violations: [expect.objectContaining({ field: 'reference' })] },
    });
    await expect(approve.execute(stored.id, { reference: 'R-1', filingRef: 'F-1' }, caller)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(approve.execute(stored.id, { reference: 'R\u0000-1' }, caller)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(requests.findById).not.toHaveBeenCalled();
  });

  it('an approved request is not decided twice (409): neither approved again nor rejected', async () => {
    const { stored, requests, approve, reject } = world(approvedExemption());
    const caller = PrincipalFactory.department('science_bureau');
    await expect(approve.execute(stored.id, { reference: 'R-2' }, caller)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(reject.execute(stored.id, { reason: '材料不全' }, caller)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(requests.move).toHaveBeenCalledTimes(2);
  });

  it('a rejection needs its reason and closes the request; the instrument stays shared', async () => {
    const { stored, reject } = world();
    const caller = PrincipalFactory.department('science_bureau');
    await expect(reject.execute(stored.id, {}, caller)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const view = await reject.execute(stored.id, { reason: '不属于涉密任务' }, caller);
    expect(view.status).toBe('rejected');
    expect(view.effect.article).toBe(11);
    expect(view.effect.code).not.toBe('exemption.in_force');
  });
});
