import type { Principal } from '@app/auth';
import type { DepartmentCode } from '@app/common';

/**
 * Callers as their verified tokens make them: one builder per role the measures name, each with
 * the claims that role carries (a unit for a unit admin, a department code for a department).
 */
export const PrincipalFactory = {
  user: (overrides: Partial<Principal> = {}): Principal => ({ sub: 'researcher-1', roles: ['user'], unitId: 'jx-u002', ...overrides }),
  unitAdmin: (unitId = 'jx-u001', overrides: Partial<Principal> = {}): Principal => ({
    sub: `admin-of-${unitId}`,
    roles: ['unit_admin'],
    unitId,
    ...overrides,
  }),
  department: (department: DepartmentCode = 'science_bureau', overrides: Partial<Principal> = {}): Principal => ({
    sub: `officer-of-${department}`,
    roles: ['department'],
    department,
    ...overrides,
  }),
  /** The joint-conference office. */
  office: (overrides: Partial<Principal> = {}): Principal => ({ sub: 'office-1', roles: ['admin'], ...overrides }),
  customs: (overrides: Partial<Principal> = {}): Principal => ({ sub: 'customs-1', roles: ['customs_officer'], ...overrides }),
  commission: (overrides: Partial<Principal> = {}): Principal => ({ sub: 'drc-1', roles: ['drc_monitor'], ...overrides }),
};
