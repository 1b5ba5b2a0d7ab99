import { approveCustomsInput, customsListInput, rejectCustomsInput } from './customs-decision.input';

const violations = (check: { ok: boolean; violations?: { field: string; message: string }[] }) => (check.ok ? [] : check.violations!);

describe("Jiaxing Customs' decision contract (Art. 12)", () => {
  it('takes a reference and an optional reason, trimmed', () => {
    expect(approveCustomsInput.parse({ reference: ' 嘉关监〔2026〕12号 ' })).toEqual({ reference: '嘉关监〔2026〕12号' });
    expect(rejectCustomsInput.parse({ reference: 'JX-1', reason: ' 监管期内不得出借 ' })).toEqual({ reference: 'JX-1', reason: '监管期内不得出借' });
  });

  it('needs a reason to reject, and a blank one is none', () => {
    expect(violations(rejectCustomsInput.check({ reference: 'JX-1' }))).toEqual([{ field: 'reason', message: expect.stringContaining('is required') }]);
    expect(violations(rejectCustomsInput.check({ reference: 'JX-1', reason: '  ' }))).toEqual([
      { field: 'reason', message: expect.stringContaining('is required') },
    ]);
    expect(violations(approveCustomsInput.check({}))).toEqual([{ field: 'reference', message: expect.stringContaining("the customs document's reference") }]);
  });

  it('refuses a reason over 500 characters instead of cutting it, control characters and unknown fields', () => {
    expect(violations(rejectCustomsInput.check({ reference: 'JX-1', reason: 'x'.repeat(501) }))).toEqual([
      { field: 'reason', message: 'must be at most 500 characters, got 501' },
    ]);
    expect(violations(approveCustomsInput.check({ reference: 'JX-1', reason: 'ok\u0000' }))).toEqual([
      { field: 'reason', message: 'must not contain control characters or unpaired surrogates, got text with control characters' },
    ]);
    expect(violations(approveCustomsInput.check({ reference: '<b>1</b>', officer: 'me' })).map((v) => v.field)).toEqual(['officer', 'reference']);
  });

  it('lists the queue by default and refuses another status', () => {
    expect(customsListInput.parseQuery({})).toEqual({ status: 'pending' });
    expect(violations(customsListInput.check({ status: 'open' }))).toEqual([
      { field: 'status', message: "must be one of 'pending', 'decided', got the string \"open\"" },
    ]);
  });
});
