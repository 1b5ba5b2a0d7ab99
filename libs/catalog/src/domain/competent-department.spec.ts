import { DEPARTMENT_CODES } from '@app/common';
import { SECTORS, competentDepartmentOf } from '@app/catalog';

describe('competent department follows from the sector (Art. 7)', () => {
  it.each([
    ['education', '嘉兴市教育局'],
    ['health', '嘉兴市卫生健康委员会'],
    ['market_regulation', '嘉兴市市场监督管理局'],
    ['sasac', '嘉兴市人民政府国有资产监督管理委员会'],
    ['science', '嘉兴市科学技术局'],
  ] as const)('%s → %s', (sector, name) => {
    expect(competentDepartmentOf(sector).name).toBe(name);
  });

  it('covers every sector', () => {
    for (const sector of SECTORS) expect(competentDepartmentOf(sector).code).toMatch(/^[a-z_]+$/);
  });

  it('names every department a `department` token may name, and no other', () => {
    expect(SECTORS.map((s) => competentDepartmentOf(s).code).sort()).toEqual([...DEPARTMENT_CODES].sort());
  });
});
