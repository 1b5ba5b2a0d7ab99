import type { Principal } from '@app/auth';
import { hasRole } from '@app/auth';
import type { StoredInstrument } from './stored-instrument';

/**
 * Art. 2, 11: an excluded (confidential or exempted) instrument exists only for
 * its own unit. Outside it, it is indistinguishable from one that does not
 * exist. The platform admin manages the registry and sees everything.
 */
export function canView(stored: StoredInstrument, principal: Principal | undefined): boolean {
  const visibility = visibilityOf(principal);
  return stored.shareable || visibility.all || (visibility.unitId !== undefined && visibility.unitId === stored.instrument.unitId);
}

/**
 * What a caller sees besides the shareable instruments: everything (the
 * platform admin), its own unit's, or nothing (anonymous callers and users
 * without a unit). The same rule as canView, in a form a query can apply.
 */
export type Visibility = { all: true } | { all: false; unitId?: string };

export function visibilityOf(principal: Principal | undefined): Visibility {
  if (principal && hasRole(principal, 'admin')) return { all: true };
  return { all: false, unitId: principal?.unitId };
}

/** A unit admin manages only their own unit's instruments; an admin any. */
export function canManageUnit(unitId: string, principal: Principal): boolean {
  if (hasRole(principal, 'admin')) return true;
  return hasRole(principal, 'unit_admin') && principal.unitId === unitId;
}
