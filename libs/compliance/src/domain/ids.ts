const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reminder and offer ids are UUIDs: anything else is "not found" before it reaches a uuid cast (which would fail as a 500). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
