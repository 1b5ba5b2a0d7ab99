import { isCategoryWithheld, isSmallCell, smallCellRows } from './small-cells.rule';

describe('minimum cell size (Arts. 11, 17)', () => {
  it('withholds a cell of 1 to min - 1 members, never an empty one', () => {
    expect([0, 1, 2, 3, 4].map((n) => isSmallCell(n, 3))).toEqual([false, true, true, false, false]);
    // min 1: nothing is ever withheld.
    expect(isSmallCell(1, 1)).toBe(false);
  });

  it('withholds a sub-class with one instrument, and its class while the class minus the answered sub-classes would give it back', () => {
    const members = new Map([
      ['0101', 5],
      ['0102', 1],
      ['0301', 4],
    ]);
    expect(isCategoryWithheld('0102', members, 3)).toBe(true);
    expect(isCategoryWithheld('0101', members, 3)).toBe(false);
    // 01 − 0101 = 0102's one instrument.
    expect(isCategoryWithheld('01', members, 3)).toBe(true);
    expect(isCategoryWithheld('03', members, 3)).toBe(false);
    // Three withheld sub-classes of one instrument each: 01 minus 0101 is a sum over three.
    expect(
      isCategoryWithheld(
        '01',
        new Map([
          ['0101', 5],
          ['0102', 1],
          ['0103', 1],
          ['0104', 1],
        ]),
        3,
      ),
    ).toBe(false);
    // A class of two instruments is small itself; an unknown code is empty, not small.
    expect(isCategoryWithheld('02', new Map([['0201', 2]]), 3)).toBe(true);
    expect(isCategoryWithheld('09', members, 3)).toBe(false);
  });

  it('withholds the small rows of a table, and the next smallest while the withheld ones alone could be read off a total', () => {
    expect([...smallCellRows([5, 1, 4, 0, 7], 3)].sort()).toEqual([1, 2]);
    expect([...smallCellRows([5, 1, 1, 1], 3)].sort()).toEqual([1, 2, 3]);
    expect([...smallCellRows([5, 6, 0], 3)]).toEqual([]);
    // Nothing left to pair it with: the lone small row stays withheld.
    expect([...smallCellRows([0, 2], 3)]).toEqual([1]);
  });
});
