import { Injectable } from '@nestjs/common';
import {
  BookingServiceService,
  BookingStatus as WireStatus,
  type Booking as WireBooking,
  type CancelBookingRequest,
  type CancelBookingResponse,
  type CheckAvailabilityRequest,
  type CheckAvailabilityResponse,
  type CreateBookingRequest,
  type CreateBookingResponse,
  type GetBookingRequest,
  type GetBookingResponse,
} from '@app/contracts';
import { DomainError } from '@app/common';
import { GrpcService, type GrpcCallContext } from '@app/grpc';
import type { Booking, BookingStatus } from '../domain/booking';
import { CreateBookingUseCase } from '../use-cases/create-booking.usecase';
import { ManageBookingUseCase, type Viewer } from '../use-cases/manage-booking.usecase';

const STATUS: Record<BookingStatus, WireStatus> = {
  requested: WireStatus.BOOKING_STATUS_REQUESTED,
  awaiting_customs: WireStatus.BOOKING_STATUS_AWAITING_CUSTOMS,
  pending_owner: WireStatus.BOOKING_STATUS_PENDING_OWNER,
  forwarding: WireStatus.BOOKING_STATUS_FORWARDING,
  confirmed: WireStatus.BOOKING_STATUS_CONFIRMED,
  rejected: WireStatus.BOOKING_STATUS_REJECTED,
  failed: WireStatus.BOOKING_STATUS_FAILED,
  cancelled: WireStatus.BOOKING_STATUS_CANCELLED,
};

/** Pseudonymous ids only (Art. 17): partners never send names, phones or identity-card numbers. */
const PSEUDONYM = /^[A-Za-z0-9._:-]{1,128}$/;
/** A partner's unit id is stored with the booking: text PostgreSQL can hold (no NUL) and of a sane length. */
const UNIT_ID = /^[^\u0000-\u001f\u007f]{1,128}$/;

/**
 * yrd.federation.v1.BookingService for partners booking Jiaxing instruments:
 * the very use-cases of the HTTP API, with the partner as the channel.
 */
@Injectable()
@GrpcService(BookingServiceService, { auth: 'partner' })
export class BookingGrpc {
  constructor(
    private readonly create: CreateBookingUseCase,
    private readonly manage: ManageBookingUseCase,
  ) {}

  async checkAvailability(request: CheckAvailabilityRequest, context: GrpcCallContext): Promise<CheckAvailabilityResponse> {
    const result = await this.manage.availability(request.instrumentId, request.from, request.to, this.viewer(context));
    return { busy: result.busy };
  }

  async createBooking(request: CreateBookingRequest, context: GrpcCallContext): Promise<CreateBookingResponse> {
    const pseudonym = request.requester?.pseudonymousId ?? '';
    if (!PSEUDONYM.test(pseudonym)) throw DomainError.validation([{ field: 'requester.pseudonymous_id', message: 'required: a pseudonymous id (letters, digits, . _ : -)' }]);
    const unitId = request.requester?.unitId ?? '';
    if (unitId !== '' && !UNIT_ID.test(unitId)) throw DomainError.validation([{ field: 'requester.unit_id', message: 'at most 128 characters, no control characters' }]);
    const caller = context.caller!;
    const { booking } = await this.create.execute(
      { instrumentId: request.instrumentId, start: request.window?.start, end: request.window?.end, purpose: request.purpose, ...(request.sampleDescription ? { sampleDescription: request.sampleDescription } : {}) },
      request.idempotencyKey,
      { sub: `partner:${caller.partnerId}:${pseudonym}`, unitId: request.requester?.unitId || undefined, channel: `partner:${caller.partnerId}` },
    );
    return { booking: toWire(booking) };
  }

  async cancelBooking(request: CancelBookingRequest, context: GrpcCallContext): Promise<CancelBookingResponse> {
    return { booking: toWire(await this.manage.cancel(request.bookingId, request.reason, this.viewer(context))) };
  }

  async getBooking(request: GetBookingRequest, context: GrpcCallContext): Promise<GetBookingResponse> {
    return { booking: toWire(await this.manage.get(request.bookingId, this.viewer(context))) };
  }

  private viewer(context: GrpcCallContext): Viewer {
    const caller = context.caller!;
    return { sub: `partner:${caller.partnerId}`, channel: `partner:${caller.partnerId}`, roles: [] };
  }
}

function toWire(b: Booking): WireBooking {
  // Only the pseudonym travels back; our own users' ids never leave (Art. 17).
  const pseudonym = b.requesterSub.startsWith('partner:') ? b.requesterSub.split(':').slice(2).join(':') : '';
  return {
    id: b.id,
    instrumentId: b.instrumentId,
    status: STATUS[b.status],
    window: { start: b.window.start, end: b.window.end },
    requester: { pseudonymousId: pseudonym, unitId: b.requesterUnitId ?? '', unitName: '' },
    purpose: b.purpose,
    sampleDescription: b.sampleDescription ?? '',
    reason: b.reason ?? '',
    createdAt: new Date(b.createdAt),
    updatedAt: new Date(b.updatedAt),
  };
}
