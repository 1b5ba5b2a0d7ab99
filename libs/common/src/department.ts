/**
 * Codes of Jiaxing's competent departments (行政主管部门, Art. 7), the one list.
 * It lives here because two libs need it and neither may depend on the other:
 * the catalog maps each unit's sector to its department (names and all), and
 * auth admits the `department` role only for one of these codes.
 */
export const DEPARTMENT_CODES = ['education_bureau', 'health_commission', 'market_regulation_bureau', 'sasac', 'science_bureau'] as const;
export type DepartmentCode = (typeof DEPARTMENT_CODES)[number];

export function isDepartmentCode(value: unknown): value is DepartmentCode {
  return typeof value === 'string' && (DEPARTMENT_CODES as readonly string[]).includes(value);
}
