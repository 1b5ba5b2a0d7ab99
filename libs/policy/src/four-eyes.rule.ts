/**
 * A decision is taken by someone other than those who took the earlier steps
 * of the same request (Arts. 10, 11: the unit asks, the competent department
 * decides, the office files). Roles alone do not separate them: one identity
 * may hold a unit's admin, its sector's department and the office at once, and
 * would otherwise ask, approve and file its own exemption. Fails closed: an
 * empty identity is never a distinct person.
 */
export function isOwnStep(actor: string, earlierActors: readonly (string | undefined)[]): boolean {
  return actor === '' || earlierActors.some((earlier) => earlier !== undefined && earlier === actor);
}
