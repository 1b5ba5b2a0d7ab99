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

/** A person, as their verified JWT says (the claims every HTTP use-case reads). */
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

/** A person with a JWT. */
export type UserCaller = Principal & { kind: 'user' };

/** A partner platform with its bearer token (partners registry: federation); it acts only for itself and its region. */
export interface PartnerCaller {
  kind: 'partner';
  partnerId: string;
  region: string;
}

/** A device with its own token (an IoT gateway: usage), speaking only for the units it is registered for. */
export interface DeviceCaller {
  kind: 'device';
  id: string;
  unitIds: readonly string[];
}

/** The metrics scraper with METRICS_TOKEN: no identity beyond that. */
export interface ScraperCaller {
  kind: 'scraper';
}

/**
 * Whoever a verified credential says is calling, on either transport. One
 * union, so an access rule and a handler tell the kinds apart by `kind`, and
 * a credential of one kind is never read as another's.
 */
export type Caller = UserCaller | PartnerCaller | DeviceCaller | ScraperCaller;
export type CallerKind = Caller['kind'];

export function hasRole(principal: Principal | undefined, ...roles: Role[]): boolean {
  return !!principal && principal.roles.some((r) => roles.includes(r));
}
