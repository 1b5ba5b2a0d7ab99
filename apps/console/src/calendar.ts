/** China time (UTC+8, no daylight saving): the measures' calendar, whatever the browser's zone. */
const OFFSET_MS = 8 * 3600_000;

/** The China date (YYYY-MM-DD) of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China date and hour begin, as ISO 8601 with its +08:00 offset (what the API reads). */
export function chinaInstant(date: string, hour: number): string {
  return `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function overlaps(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);
}
