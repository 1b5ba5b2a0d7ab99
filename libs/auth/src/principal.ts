import type { DepartmentCode } from '@app/common';

/**
 * `department`: staff of a competent department (行政主管部门, Art. 7), who
 * supervise their sector's units (Arts. 7, 14, 20); the token names the
 * department in its `department` claim.
 */
export const ROLES = ['user', 'unit_admin', 'customs_officer', 'drc_monitor', 'department', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is calling, as the verified token says. */
export interface Principal {
  sub: string;
  roles: Role[];
  unitId?: string;
  region?: string;
  /**
   * The competent department a `department` token speaks for (one of
   * `DEPARTMENT_CODES`). Set only with that role: a token without it that
   * carries the claim is read as if it did not.
   */
  department?: DepartmentCode;
}

export function hasRole(principal: Principal | undefined, ...roles: Role[]): boolean {
  return !!principal && principal.roles.some((r) => roles.includes(r));
}
