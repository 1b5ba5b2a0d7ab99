import { availabilityInput, feeEstimateInput } from './time-window.input';

const fields = (check: { ok: boolean; violations?: { field: string }[] }) => (check.ok ? [] : check.violations!.map((v) => v.field));
const id = 'jiaxing:jx-u001.JX-SEM-001';

describe('the window contracts of availability and fee estimates', () => {
  it('take a window of at most 92 days with strict instants', () => {
    expect(availabilityInput.parseQuery({ instrumentId: id, from: '2026-12-01T00:00:00+08:00', to: '2027-03-03T00:00:00+08:00' })).toMatchObject({
      instrumentId: id,
    });
    expect(fields(availabilityInput.check({ instrumentId: id, from: '2026-12-01T00:00:00+08:00', to: '2027-03-04T00:00:00+08:00' }))).toEqual(['to']);
    expect(fields(feeEstimateInput.check({ instrumentId: id, start: '2027-02-30T09:00:00+08:00', end: '2027-03-01T09:00:00+08:00' }))).toEqual(['start']);
    expect(fields(feeEstimateInput.check({ instrumentId: id, start: '2026-12-01T10:00:00+08:00', end: '2026-12-01T09:00:00+08:00' }))).toEqual(['end']);
  });

  it('refuse an id without its region, a time without an offset and unknown parameters in one answer', () => {
    expect(fields(availabilityInput.check({ instrumentId: 'JX-SEM-001', from: '2026-12-01T00:00:00', to: '2026-12-02T00:00:00+08:00', day: '1' }))).toEqual([
      'day',
      'instrumentId',
      'from',
    ]);
  });
});
