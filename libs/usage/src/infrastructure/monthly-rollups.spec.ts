import { planMonths, trailingYearEnd } from './monthly-rollups';

/** Every day of [from, to] must be counted exactly once: months whole, days added or taken away. */
function coverage(from: string, to: string): Map<string, number> {
  const plan = planMonths(from, to);
  const counts = new Map<string, number>();
  const each = (a: string, b: string, sign: number) => {
    for (let t = Date.parse(`${a}T00:00:00Z`); t <= Date.parse(`${b}T00:00:00Z`); t += 86_400_000) {
      const d = new Date(t).toISOString().slice(0, 10);
      counts.set(d, (counts.get(d) ?? 0) + sign);
    }
  };
  for (const m of plan.months) {
    const start = new Date(`${m}T00:00:00Z`);
    each(m, new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).toISOString().slice(0, 10), 1);
  }
  for (const p of plan.days) each(p.from, p.to, p.sign);
  return new Map([...counts].filter(([, n]) => n !== 0));
}

describe('planMonths', () => {
  it('reads the last twelve months as whole months and a few days at each end', () => {
    expect(planMonths('2025-12-05', '2026-12-04')).toEqual({
      months: [
        '2025-12-01',
        '2026-01-01',
        '2026-02-01',
        '2026-03-01',
        '2026-04-01',
        '2026-05-01',
        '2026-06-01',
        '2026-07-01',
        '2026-08-01',
        '2026-09-01',
        '2026-10-01',
        '2026-11-01',
      ],
      days: [
        { from: '2025-12-01', to: '2025-12-04', sign: -1 },
        { from: '2026-12-01', to: '2026-12-04', sign: 1 },
      ],
    });
  });

  it('reads a calendar year from its months only, and a few days from the daily rows only', () => {
    expect(planMonths('2026-01-01', '2026-12-31').days).toEqual([]);
    expect(planMonths('2026-02-10', '2026-02-12')).toEqual({ months: [], days: [{ from: '2026-02-10', to: '2026-02-12', sign: 1 }] });
  });

  it.each([
    ['2026-01-01', '2026-01-01'],
    ['2026-01-03', '2026-01-29'],
    ['2025-12-31', '2026-01-01'],
    ['2024-02-15', '2024-03-14'],
    ['2023-06-17', '2026-06-16'],
    ['2026-03-31', '2026-05-01'],
  ])('counts every day of %s..%s once and no other', (from, to) => {
    const counts = coverage(from, to);
    const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
    expect(counts.size).toBe(days);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect([...counts.keys()].every((d) => d >= from && d <= to)).toBe(true);
  });
});

describe('trailingYearEnd', () => {
  it('names the last of twelve whole months in a row, the month whose trailing rows sum them', () => {
    expect(trailingYearEnd(planMonths('2025-12-04', '2026-12-03'))).toBe('2026-11-01');
    expect(trailingYearEnd(planMonths('2026-01-01', '2026-12-31'))).toBe('2026-12-01');
    expect(trailingYearEnd(planMonths('2025-06-15', '2026-06-14'))).toBe('2026-05-01');
  });

  it('has none for other periods: fewer or more whole months', () => {
    expect(trailingYearEnd(planMonths('2026-01-01', '2026-11-30'))).toBeUndefined();
    expect(trailingYearEnd(planMonths('2025-01-10', '2026-03-10'))).toBeUndefined();
    expect(trailingYearEnd(planMonths('2025-02-20', '2026-03-10'))).toBe('2026-02-01');
    expect(
      trailingYearEnd({
        months: [
          '2025-01-01',
          '2025-02-01',
          '2025-03-01',
          '2025-04-01',
          '2025-05-01',
          '2025-06-01',
          '2025-07-01',
          '2025-08-01',
          '2025-09-01',
          '2025-10-01',
          '2025-11-01',
          '2026-01-01',
        ],
        days: [],
      }),
    ).toBeUndefined();
  });
});
