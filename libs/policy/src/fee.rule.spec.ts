import { estimateFee, type FeeFacts } from './fee.rule';

const window = (hours: number) => ({ start: new Date('2026-12-01T01:00:00Z'), end: new Date(Date.parse('2026-12-01T01:00:00Z') + hours * 3_600_000) });
const owner = { ownerUnitId: 'jx-u001' };
const hourly: FeeFacts = {
  unit: 'hour',
  internalPriceCny: 300,
  externalPriceCny: 500,
  tiers: [{ minQuantity: 8, internalPriceCny: 250, externalPriceCny: 400 }],
  setupFeeCny: 100,
};

describe('fee estimate from the structured fee standard (Art. 13, 19)', () => {
  it('charges another unit the external price per hour, plus setup', () => {
    const e = estimateFee(hourly, window(2), { ...owner, requesterUnitId: 'jx-u002' })!;
    expect(e).toMatchObject({ tariff: 'external', unit: 'hour', quantity: 2, unitPriceCny: 500, setupFeeCny: 100, totalCny: 1100 });
    expect(e.reasons[0]).toMatchObject({ article: 19 });
    expect(e.reasons[0].messageEn).toContain('2 hour(s) × 500 CNY + 100 CNY setup = 1,100 CNY');
  });

  it('charges the owning unit the internal price', () => {
    expect(estimateFee(hourly, window(2), { ...owner, requesterUnitId: 'jx-u001' })).toMatchObject({ tariff: 'internal', unitPriceCny: 300, totalCny: 700 });
  });

  it('treats a requester without a unit as external', () => {
    expect(estimateFee(hourly, window(1), owner)).toMatchObject({ tariff: 'external', totalCny: 600 });
  });

  it('applies a tier to the whole quantity from its minimum on (7.5 h: base; 8 h: tier)', () => {
    expect(estimateFee(hourly, window(7.5), owner)).toMatchObject({ quantity: 7.5, unitPriceCny: 500, totalCny: 3850 });
    expect(estimateFee(hourly, window(8), owner)).toMatchObject({ quantity: 8, unitPriceCny: 400, totalCny: 3300 });
  });

  it('counts started days for a per-day fee', () => {
    const daily: FeeFacts = { unit: 'day', internalPriceCny: 1000, externalPriceCny: 2000 };
    expect(estimateFee(daily, window(24), owner)).toMatchObject({ quantity: 1, totalCny: 2000 });
    expect(estimateFee(daily, window(25), owner)).toMatchObject({ quantity: 2, totalCny: 4000 });
  });

  it('gives the unit price only when the fee is per sample (counted at the instrument)', () => {
    const e = estimateFee({ unit: 'sample', internalPriceCny: 80, externalPriceCny: 120 }, window(3), owner)!;
    expect(e).toMatchObject({ unit: 'sample', unitPriceCny: 120, setupFeeCny: 0 });
    expect(e.totalCny).toBeUndefined();
    expect(e.quantity).toBeUndefined();
    expect(e.reasons[0].messageEn).toMatch(/per sample.*charged by the number measured/);
  });

  it('has no estimate without a fee standard', () => {
    expect(estimateFee(undefined, window(1), owner)).toBeUndefined();
  });
});
