import { InputContract } from '@app/common';
import { BOOKING_STATUSES, type BookingStatus } from '../domain/booking';

/** `GET /bookings`: the caller's bookings (a unit admin's: its instruments'), of one status or all. */
export interface ListBookingsInput {
  status?: BookingStatus;
}

export const listBookingsInput = new InputContract<ListBookingsInput>('ListBookingsInput', {
  type: 'object',
  additionalProperties: false,
  properties: { status: { type: 'string', nullable: true, enum: [...BOOKING_STATUSES] } },
});
