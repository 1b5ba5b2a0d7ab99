import * as grpc from '@grpc/grpc-js';
import { generateCatalog } from '@app/seed';
import { categoryIndicators } from './partner-indicators';
import { PartnerStore } from './partner-store';
import type { UsageSession } from './partner-usage';

const at = (s: string) => new Date(`${s}+08:00`);
const NOW = at('2026-11-29T12:00:00');

describe('the reference node’s IndicatorService.GetCategoryIndicators', () => {
  const store = new PartnerStore('shanghai', '2026-11-29');
  const catalog = generateCatalog({ region: 'shanghai', count: 30, seed: 4, asOf: '2026-11-29' });
  store.load(catalog.units, catalog.instruments);
  const target = store.shareable()[0].stored.instrument;
  const category = target.categoryCode;
  const count = store.shareable().filter((e) => e.stored.instrument.categoryCode.startsWith(category)).length;
  const session = (start: string, end: string): UsageSession => ({
    bookingId: `b-${start}`,
    instrumentId: target.id,
    caller: 'c',
    idempotencyKey: `k-${start}`,
    outcome: 'completed',
    start: at(start),
    end: at(end),
    feeChargedFen: 0,
    samples: 0,
    sessionId: `s-${start}`,
    version: 1,
    seq: 1,
  });

  it('unites sessions and own use per instrument, cuts them to the period’s China days, and counts only the external part as shared', () => {
    const answer = categoryIndicators(
      { categoryCode: category, from: '2026-11-01', to: '2026-11-28' },
      store,
      // Another platform's booking 11-10 09:00–12:00 (external), and one that starts on 10-31 23:00 and runs to 11-01 02:00: only 2 h are in the period.
      [session('2026-11-10T09:00:00', '2026-11-10T12:00:00'), session('2026-10-31T23:00:00', '2026-11-01T02:00:00')],
      // Its own unit 11-10 08:00–10:00 overlaps the booking by 1 h: effective 08:00–12:00 = 4 h that day.
      [{ instrumentId: target.id, start: at('2026-11-10T08:00:00'), end: at('2026-11-10T10:00:00'), external: false }],
      NOW,
    );
    // Effective 4 + 2 = 6 h, external 3 + 2 = 5 h; rated 1600 × 28/365 per instrument.
    const rated = (count * 1600 * 28) / 365;
    expect(answer).toEqual({
      instrumentCount: count,
      effectiveHours: 6,
      externalHours: 5,
      ratedHours: Math.round(rated * 10_000) / 10_000,
      utilisation: Math.round((6 / rated) * 10_000) / 10_000,
      sharingRate: 0.8333,
      asOf: NOW,
    });
  });

  it('answers INVALID_ARGUMENT for a bad code, bad dates or a period over 366 days', () => {
    for (const request of [
      { categoryCode: '1', from: '2026-01-01', to: '2026-01-31' },
      { categoryCode: '0101', from: '2026-02-30', to: '2026-03-01' },
      { categoryCode: '0101', from: '2026-03-01', to: '2026-02-01' },
      { categoryCode: '0101', from: '2024-01-01', to: '2026-01-01' },
      { categoryCode: '0101', from: '9998-06-01', to: '9999-12-31' },
    ]) {
      expect(categoryIndicators(request, store, [], [], NOW)).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    }
  });

  it('answers a period in the last year of the calendar rather than failing on a date past it', () => {
    expect(categoryIndicators({ categoryCode: '0101', from: '9999-06-01', to: '9999-12-31' }, store, [], [], NOW)).not.toHaveProperty('code');
  });
});
