import { column, type ReportTable } from './report-table';
import { withholdSmallCells } from './small-cells';

const table = (name: string, rows: ReportTable['rows']): ReportTable => ({ name, columns: Object.keys(rows[0] ?? {}).map((k) => column(k, k)), rows });

describe('the cross-region report without small cells (Arts. 11, 17)', () => {
  const matrix = table('matrix', [
    { requesterRegion: 'anhui', ownerRegion: 'jiaxing', bookings: 1, confirmedHours: 1, sessions: 1, effectiveHours: 1.5, feeCny: 150 },
    { requesterRegion: 'jiaxing', ownerRegion: 'jiaxing', bookings: 9, confirmedHours: 20, sessions: 4, effectiveHours: 8, feeCny: 800 },
    { requesterRegion: 'shanghai', ownerRegion: 'jiaxing', bookings: 5, confirmedHours: 7, sessions: 7, effectiveHours: 9, feeCny: 900 },
  ]);

  it("withholds one session's hours and fee, and the next smallest cell with it so no total gives it back", () => {
    const [out] = withholdSmallCells([matrix], 3);
    expect(out.rows[0]).toEqual({
      requesterRegion: 'anhui',
      ownerRegion: 'jiaxing',
      bookings: null,
      confirmedHours: null,
      sessions: null,
      effectiveHours: null,
      feeCny: null,
    });
    // The matrix sums to the period's total sessions (the trend shows it): anhui's one session alone would be total − the rest.
    expect(out.rows[1]).toMatchObject({ bookings: 9, sessions: null, effectiveHours: null, feeCny: null });
    // Bookings: anhui's one booking and the next smallest (shanghai's 5).
    expect(out.rows[2]).toMatchObject({ bookings: null, confirmedHours: null, sessions: 7, effectiveHours: 9, feeCny: 900 });
    // The input is untouched.
    expect(matrix.rows[0].sessions).toBe(1);
  });

  it('keeps catalog facts, and lists among the most used across regions only instruments with enough sessions', () => {
    const units = table('units', [
      {
        ownerRegion: 'jiaxing',
        unitId: 'u1',
        instruments: 2,
        effectiveHours: 7.5,
        externalHours: 4.5,
        ratedHours: 3200,
        utilisation: 0.002,
        sharingRate: 0.6,
        sessions: 3,
        feeCny: 550,
      },
      {
        ownerRegion: 'jiaxing',
        unitId: 'u2',
        instruments: 1,
        effectiveHours: 0,
        externalHours: 0,
        ratedHours: 1600,
        utilisation: 0,
        sharingRate: null,
        sessions: 0,
        feeCny: 0,
      },
    ]);
    const top = table('crossRegionInstruments', [
      { instrumentId: 'a', sessions: 3 },
      { instrumentId: 'b', sessions: 2 },
    ]);
    const [u, t] = withholdSmallCells([units, top], 3);
    expect(u.rows).toEqual(units.rows);
    expect(t.rows.map((r) => r.instrumentId)).toEqual(['a']);
  });

  it('withholds nothing with a minimum of 1', () => {
    expect(withholdSmallCells([matrix], 1)).toEqual([matrix]);
  });
});
