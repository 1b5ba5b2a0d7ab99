import { createHmac } from 'node:crypto';

/**
 * What a partner sees instead of our user's id (Art. 17): stable per user and
 * partner, so that partner can tell one requester's bookings apart; different
 * for each partner, so partners comparing notes cannot link one person across
 * platforms; meaningless without our key, so it cannot be traced back to a person.
 */
export function pseudonymFor(sub: string, partnerId: string, key: string): string {
  const input = `booking-requester:${JSON.stringify([partnerId, sub])}`;
  return `jx-${createHmac('sha256', key).update(input).digest('base64url').slice(0, 24)}`;
}
