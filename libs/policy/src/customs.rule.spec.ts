import { assessCustomsGate, isUnderCustomsSupervision, supervisionEndDate, type CustomsOutcome } from './customs.rule';
import type { DutyFreeImport } from './facts';

const imported: DutyFreeImport = { declarationNo: '310120230123456789', releaseDate: '2023-05-10', supervisionYears: 3 };

describe('supervisionEndDate: last day INSIDE supervision (Arts. 7, 12)', () => {
  it.each([
    ['2023-05-10', 3, '2026-05-09', 'release day counts: release + 3 years − 1 day'],
    ['2023-01-01', 3, '2025-12-31', 'a whole calendar year boundary'],
    ['2024-02-29', 3, '2027-02-28', 'Feb 29 release, common-year anniversary → supervised through Feb 28'],
    ['2024-02-29', 4, '2028-02-28', 'Feb 29 release, leap-year anniversary → the day before Feb 29'],
    ['2024-03-01', 3, '2027-02-28', 'Mar 1 release → Feb 28'],
    ['2024-02-28', 3, '2027-02-27', 'Feb 28 release → Feb 27'],
    ['2023-05-10', 5, '2028-05-09', 'per-record supervision years'],
  ])('Art. 12: released %s, %d years → %s (%s)', (releaseDate, supervisionYears, expected) => {
    expect(supervisionEndDate({ declarationNo: 'D', releaseDate, supervisionYears })).toBe(expected);
  });

  it.each([[0], [-3], [2.5]])('Art. 12: rejects supervisionYears %p', (supervisionYears) => {
    expect(() => supervisionEndDate({ ...imported, supervisionYears })).toThrow(RangeError);
  });
});

describe('assessCustomsGate (Arts. 5, 7, 12)', () => {
  const owner = 'unit-jxu';
  const other = 'unit-sh-001';

  it.each<[string, DutyFreeImport | undefined, string | undefined, string, CustomsOutcome, string[]]>([
    ['Art. 5: no duty-free record', undefined, other, '2025-01-01', 'not_applicable', ['customs.not_duty_free']],
    ['Art. 5: no duty-free record, catalog view', undefined, undefined, '2025-01-01', 'not_applicable', ['customs.not_duty_free']],
    // Boundary: 2026-05-09 is the last day inside, 2026-05-10 the first day outside.
    ['Art. 12: last day inside, catalog view → supervised', imported, undefined, '2026-05-09', 'supervised', ['customs.supervised', 'customs.jiaxing_customs']],
    ['Art. 12: next day, catalog view → no gate', imported, undefined, '2026-05-10', 'no_gate', ['customs.supervision_ended']],
    [
      'Art. 12/7: last day inside, another unit → approval required',
      imported,
      other,
      '2026-05-09',
      'approval_required',
      ['customs.approval_required', 'customs.jiaxing_customs'],
    ],
    ['Art. 12: next day, another unit → no gate', imported, other, '2026-05-10', 'no_gate', ['customs.supervision_ended']],
    ['Art. 12: release day itself is inside', imported, other, '2023-05-10', 'approval_required', ['customs.approval_required', 'customs.jiaxing_customs']],
    ['Art. 12: owner unit inside supervision → no gate', imported, owner, '2024-06-01', 'no_gate', ['customs.owner_unit']],
    ['Art. 12: owner unit after supervision → no gate', imported, owner, '2027-01-01', 'no_gate', ['customs.supervision_ended']],
    // '' stands for a requester without a unit (a natural person): another unit, the gate fails closed.
    [
      'Art. 12/7: a person without a unit inside supervision → approval required',
      imported,
      '',
      '2024-06-01',
      'approval_required',
      ['customs.approval_required', 'customs.jiaxing_customs'],
    ],
    [
      'Art. 12/7: a person without a unit on the last day inside → approval required',
      imported,
      '',
      '2026-05-09',
      'approval_required',
      ['customs.approval_required', 'customs.jiaxing_customs'],
    ],
    ['Art. 12: a person without a unit after supervision → no gate', imported, '', '2026-05-10', 'no_gate', ['customs.supervision_ended']],
    ['Art. 5: a person without a unit, no duty-free record', undefined, '', '2025-01-01', 'not_applicable', ['customs.not_duty_free']],
    [
      'Art. 12: Feb 29 release — Feb 28 of the 3rd anniversary year still gated',
      { declarationNo: 'D', releaseDate: '2024-02-29', supervisionYears: 3 },
      other,
      '2027-02-28',
      'approval_required',
      ['customs.approval_required', 'customs.jiaxing_customs'],
    ],
    [
      'Art. 12: Feb 29 release — Mar 1 of the 3rd anniversary year free',
      { declarationNo: 'D', releaseDate: '2024-02-29', supervisionYears: 3 },
      other,
      '2027-03-01',
      'no_gate',
      ['customs.supervision_ended'],
    ],
  ])('%s', (_name, record, requesterUnitId, asOf, outcome, codes) => {
    const decision = assessCustomsGate(record, {
      ownerUnitId: owner,
      requester: requesterUnitId === undefined ? undefined : { unitId: requesterUnitId || undefined },
      asOf,
    });
    expect(decision.outcome).toBe(outcome);
    expect(decision.reasons.map((r) => r.code)).toEqual(codes);
  });

  it('Art. 12: isUnderCustomsSupervision agrees with the boundary', () => {
    expect(isUnderCustomsSupervision(imported, '2026-05-09')).toBe(true);
    expect(isUnderCustomsSupervision(imported, '2026-05-10')).toBe(false);
  });

  it('Art. 12: the reasons quote the declaration and the last day', () => {
    const [gate, customs] = assessCustomsGate(imported, { ownerUnitId: owner, requester: { unitId: other }, asOf: '2025-01-01' }).reasons;
    expect(gate.message).toBe(
      '免税进口（报关单 310120230123456789）处于海关监管期内（监管期 3 年，最后一日为 2026-05-09）；unit-sh-001 非管理单位，须经海关审核同意并办理相关手续后方可使用（第十二条）',
    );
    expect(customs).toMatchObject({ article: 7, code: 'customs.jiaxing_customs' });
    expect(customs.message).toContain('嘉兴海关');
  });

  it('Art. 12: a person without a unit is told they count as another unit', () => {
    const [gate] = assessCustomsGate(imported, { ownerUnitId: owner, requester: {}, asOf: '2025-01-01' }).reasons;
    expect(gate.message).toContain('申请人无本平台可确认的所属单位，视为其他单位');
    expect(gate.messageEn).toContain('a requester with no unit we can vouch for counts as another unit');
  });

  it('Art. 12: after supervision the reason gives the end date', () => {
    const [r] = assessCustomsGate(imported, { ownerUnitId: owner, asOf: '2026-05-10' }).reasons;
    expect(r.message).toContain('海关监管期已于 2026-05-09 届满');
  });

  it('rejects a malformed as-of date', () => {
    expect(() => assessCustomsGate(imported, { ownerUnitId: owner, asOf: '2026-5-10' })).toThrow(RangeError);
  });
});
