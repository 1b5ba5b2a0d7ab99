/**
 * Who counts as the owning unit. Art. 12 gates use by "other units", Art. 19
 * prices use by the unit's own people differently, and a unit may approve each
 * outside use itself: for all three, anyone who is not the owning unit is
 * another unit, and a requester with no unit (a natural person) is never the
 * owning unit. Rules fail closed: an unknown unit is another unit.
 */
export function isOwnerUnit(units: { ownerUnitId: string; requesterUnitId?: string }): boolean {
  return units.requesterUnitId !== undefined && units.requesterUnitId !== '' && units.requesterUnitId === units.ownerUnitId;
}

/** The owning unit approves each outside use of an instrument that asks for it; its own people are not asked. */
export function needsOwnerApproval(requiresOwnerApproval: boolean | undefined, units: { ownerUnitId: string; requesterUnitId?: string }): boolean {
  return requiresOwnerApproval === true && !isOwnerUnit(units);
}
