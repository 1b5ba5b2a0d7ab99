import type { DepartmentCode } from '@app/common';
import type { Sector } from './instrument';

export interface CompetentDepartment {
  /** One of `DEPARTMENT_CODES` (`@app/common`): a `department` token names its department by it. */
  code: DepartmentCode;
  name: string;
  nameEn: string;
}

/**
 * Art. 7: the department that supervises a unit's instruments follows from its
 * sector. Reports (Art. 14) are aggregated per department.
 */
const DEPARTMENTS: Record<Sector, CompetentDepartment> = {
  education: { code: 'education_bureau', name: '嘉兴市教育局', nameEn: 'Jiaxing Education Bureau' },
  health: { code: 'health_commission', name: '嘉兴市卫生健康委员会', nameEn: 'Jiaxing Health Commission' },
  market_regulation: { code: 'market_regulation_bureau', name: '嘉兴市市场监督管理局', nameEn: 'Jiaxing Administration for Market Regulation' },
  sasac: { code: 'sasac', name: '嘉兴市人民政府国有资产监督管理委员会', nameEn: 'Jiaxing State-owned Assets Supervision and Administration Commission' },
  science: { code: 'science_bureau', name: '嘉兴市科学技术局', nameEn: 'Jiaxing Science and Technology Bureau' },
};

export function competentDepartmentOf(sector: Sector): CompetentDepartment {
  return DEPARTMENTS[sector];
}
