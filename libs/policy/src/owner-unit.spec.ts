import { assessCustomsGate } from './customs.rule';
import { estimateFee } from './fee.rule';
import { isOwnerUnit, needsOwnerApproval } from './owner-unit';

const inside = { declarationNo: '310120230123456789', releaseDate: '2023-05-10', supervisionYears: 3 };
const hourly = { unit: 'hour' as const, internalPriceCny: 300, externalPriceCny: 500 };
const window = { start: new Date('2026-12-01T01:00:00Z'), end: new Date('2026-12-01T02:00:00Z') };

/** One answer to "is this the owning unit?" for the customs gate (Art. 12), fees (Art. 19) and owner approval. */
describe('another unit is anyone who is not the owning unit (Art. 12, 19)', () => {
  it.each<[string, string | undefined, boolean, 'approval_required' | 'no_gate', 'internal' | 'external', boolean]>([
    ['the owning unit', 'jx-u001', true, 'no_gate', 'internal', false],
    ['another Jiaxing unit', 'jx-u002', false, 'approval_required', 'external', true],
    ['a person without a unit', undefined, false, 'approval_required', 'external', true],
    ['an empty unit id', '', false, 'approval_required', 'external', true],
    ['a unit id differing only in case', 'JX-U001', false, 'approval_required', 'external', true],
  ])('%s', (_name, requesterUnitId, owner, customs, tariff, approval) => {
    const units = { ownerUnitId: 'jx-u001', requesterUnitId };
    expect(isOwnerUnit(units)).toBe(owner);
    expect(assessCustomsGate(inside, { ownerUnitId: 'jx-u001', requester: { unitId: requesterUnitId }, asOf: '2025-01-01' }).outcome).toBe(customs);
    expect(estimateFee(hourly, window, units)!.tariff).toBe(tariff);
    expect(needsOwnerApproval(true, units)).toBe(approval);
    expect(needsOwnerApproval(false, units)).toBe(false);
  });
});
