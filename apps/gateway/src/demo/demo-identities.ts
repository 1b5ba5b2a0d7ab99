import { ROLES, type Principal, type Role } from '@app/auth';
import { demoRequesterSub } from '@app/seed';

/** The competent department the demo's department token speaks for. */
export const DEMO_DEPARTMENT = 'science_bureau';

/**
 * Who the demo's tokens stand for, one per role: the researcher and the unit admin belong to the
 * demo's first unit; the researcher is the one who booked in the seeded history, so "my bookings"
 * shows theirs. `npm run demo` prints these tokens; the console mints them with one click.
 */
export function demoIdentities(unitId: string): (Principal & { roles: [Role] })[] {
  return ROLES.map((role) => {
    const unit = role === 'unit_admin' || role === 'user' ? unitId : undefined;
    return {
      sub: role === 'user' ? demoRequesterSub(unitId) : `demo-${role}`,
      roles: [role] as [Role],
      ...(unit ? { unitId: unit } : {}),
      region: 'jiaxing',
      ...(role === 'department' ? { department: DEMO_DEPARTMENT } : {}),
    };
  });
}
