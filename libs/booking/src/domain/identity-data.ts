/**
 * Identity data that must never travel with a booking (Art. 17): partners
 * receive what the booking needs, not how to reach or identify a person.
 * Mainland mobile numbers, resident identity-card numbers (18 digits, the
 * last may be X) and e-mail addresses are recognised; digits next to the
 * match (e.g. a longer serial number) do not count.
 */
const PATTERNS: { kind: string; pattern: RegExp }[] = [
  { kind: 'identity-card number', pattern: /(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])/ },
  { kind: 'phone number', pattern: /(?<![0-9])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![0-9])/ },
  { kind: 'e-mail address', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/ },
];

/** The kind of identity data found in `text`, or undefined. */
export function findIdentityData(text: string): string | undefined {
  return PATTERNS.find((p) => p.pattern.test(text))?.kind;
}

/** A field's violation when its text carries identity data (Art. 17), else undefined. */
export function identityDataViolation(field: string, text: string | undefined): { field: string; message: string } | undefined {
  const found = text ? findIdentityData(text) : undefined;
  return found ? { field, message: `must not contain a ${found} (Art. 17: partners receive only what a booking needs)` } : undefined;
}
