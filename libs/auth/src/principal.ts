export const ROLES = ['user', 'unit_admin', 'customs_officer', 'drc_monitor', 'admin'] as const;
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
}

export function hasRole(principal: Principal | undefined, ...roles: Role[]): boolean {
  return !!principal && principal.roles.some((r) => roles.includes(r));
}
