import type { MessageKey } from './messages';
import type { Claims, Role } from './session';

export const ALL_ROLES: Role[] = ['user', 'unit_admin', 'customs_officer', 'drc_monitor', 'department', 'admin'];

/**
 * The console's areas and who sees them: exactly the roles the API's routes accept
 * (`@Roles` on their controllers), so the menu never offers what the API would refuse.
 */
export const AREAS: { name: string; path: string; label: MessageKey; roles: Role[] }[] = [
  // GET /api/v1/instruments is public.
  { name: 'search', path: '/search', label: 'nav.search', roles: ALL_ROLES },
  // GET/POST /api/v1/bookings: user, unit_admin, admin.
  { name: 'bookings', path: '/bookings', label: 'nav.bookings', roles: ['user', 'unit_admin', 'admin'] },
  // /api/v1/customs/approvals: customs_officer, admin.
  { name: 'customs', path: '/customs', label: 'nav.customs', roles: ['customs_officer', 'admin'] },
  { name: 'unit', path: '/unit', label: 'nav.unit', roles: ['unit_admin'] },
  // /api/v1/monitoring/*: drc_monitor, admin; evaluations and compliance: department, admin.
  { name: 'commission', path: '/commission', label: 'nav.commission', roles: ['drc_monitor', 'department', 'admin'] },
];

/** Who may book (POST /api/v1/bookings). */
export const BOOKERS: Role[] = ['user', 'unit_admin', 'admin'];

export function areasFor(claims: Claims | undefined) {
  return AREAS.filter((a) => a.name === 'search' || (claims?.roles ?? []).some((r) => a.roles.includes(r)));
}

/** Where a role starts: its own work, not the search everyone has. */
export function homeFor(claims: Claims | undefined): string {
  const roles = claims?.roles ?? [];
  if (roles.includes('customs_officer')) return '/customs';
  if (roles.includes('unit_admin')) return '/unit';
  if (roles.some((r) => r === 'drc_monitor' || r === 'department' || r === 'admin')) return '/commission';
  return '/search';
}

export function primaryRole(claims: Claims | undefined): Role | undefined {
  return ALL_ROLES.find((r) => claims?.roles.includes(r));
}
