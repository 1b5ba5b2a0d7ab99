import { createHmac } from 'node:crypto';

/**
 * What a partner sees instead of our user's id (Art. 17): stable per user, so
 * the partner can tell one requester's bookings apart, and meaningless without
 * our key, so it cannot be traced back to a person.
 */
export function pseudonymFor(sub: string, key: string): string {
  return `jx-${createHmac('sha256', key).update(`booking-requester:${sub}`).digest('base64url').slice(0, 24)}`;
}
