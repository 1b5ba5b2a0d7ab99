/**
 * Minimum cell size (Arts. 11, 17). A figure that leaves its unit is a sum, but a sum over one
 * session is that person's use, and a sum over one instrument is that instrument's: a cell with
 * fewer than `min` members (sessions, instruments) is withheld. So is any cell that, subtracted
 * from a figure still shown, would give such a small remainder back (a class code minus its
 * sub-classes, a total minus the other rows). An empty cell (0 members) reveals nothing and stays.
 */
export const SMALL_CELL_ARTICLES = [11, 17] as const;

export function isSmallCell(members: number, min: number): boolean {
  return members > 0 && members < min;
}

/**
 * Whether a category's sums, asked by a 2- or 4-digit code, must be withheld. `membersBySubclass`:
 * the instruments behind the figures per 4-digit sub-class. A class (2 digits) is withheld too when
 * its withheld sub-classes hold between 1 and `min - 1` instruments together: the class minus the
 * sub-classes that are answered would give them back.
 */
export function isCategoryWithheld(code: string, membersBySubclass: ReadonlyMap<string, number>, min: number): boolean {
  const inCode = [...membersBySubclass].filter(([subclass]) => subclass.startsWith(code)).map(([, n]) => n);
  if (isSmallCell(total(inCode), min)) return true;
  return code.length < 4 && isSmallCell(total(inCode.filter((n) => isSmallCell(n, min))), min);
}

/**
 * The rows of a table to withhold: each small one, and while the withheld rows together are a
 * small cell (a total shown beside them would give them back by subtraction), the smallest row
 * still shown as well. `members` of each row, in the table's order; returns their indexes.
 */
export function smallCellRows(members: readonly number[], min: number): Set<number> {
  const withheld = new Set(members.flatMap((n, i) => (isSmallCell(n, min) ? [i] : [])));
  const sumWithheld = () => total([...withheld].map((i) => members[i]));
  while (withheld.size > 0 && isSmallCell(sumWithheld(), min)) {
    const next = members
      .map((n, i) => ({ n, i }))
      .filter(({ n, i }) => n > 0 && !withheld.has(i))
      .sort((a, b) => a.n - b.n)[0];
    if (!next) break;
    withheld.add(next.i);
  }
  return withheld;
}

function total(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
