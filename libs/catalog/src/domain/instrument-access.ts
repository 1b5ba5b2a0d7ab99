import type { Principal } from '@app/auth';
import { hasRole } from '@app/auth';
import type { StoredInstrument } from './stored-instrument';

/**
 * Art. 2, 11: an excluded (confidential or exempted) instrument exists only for
 * its own unit. Outside it, it is indistinguishable from one that does not
 * exist. The platform admin manages the registry and sees everything.
 */
export function canView(stored: StoredInstrument, principal: Principal | undefined): boolean {
  if (stored.shareable) return true;
  if (!principal) return false;
  if (hasRole(principal, 'admin')) return true;
  return principal.unitId !== undefined && principal.unitId === stored.instrument.unitId;
}

/** A unit admin manages only their own unit's instruments; an admin any. */
export function canManageUnit(unitId: string, principal: Principal): boolean {
  if (hasRole(principal, 'admin')) return true;
  return hasRole(principal, 'unit_admin') && principal.unitId === unitId;
}
