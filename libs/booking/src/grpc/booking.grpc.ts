import { Injectable } from '@nestjs/common';
import {
  BookingServiceControllerMethods,
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
import { Partners } from '@app/auth';
import { DomainError, renameViolations } from '@app/common';
import { GrpcContext, GrpcRequest, GrpcService, type GrpcCallContext } from '@app/grpc';
import type { Booking, BookingStatus } from '../domain/booking';
import { availabilityInput, instantText } from '../use-cases/time-window.input';
import { CreateBookingUseCase } from '../use-cases/create-booking.usecase';
import { partnerRequester } from '../domain/partner-requester';
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
  // Added to the enum (values 9, 10), not folded into CONFIRMED: a partner must not read a used or missed booking as still held.
  completed: WireStatus.BOOKING_STATUS_COMPLETED,
  no_show: WireStatus.BOOKING_STATUS_NO_SHOW,
};

/**
 * yrd.federation.v1.BookingService for partners booking Jiaxing instruments:
 * the very use-cases of the HTTP API, with the partner as the channel.
 */
@Injectable()
@GrpcService(BookingServiceService)
@Partners()
@BookingServiceControllerMethods()
export class BookingGrpc {
  constructor(
    private readonly create: CreateBookingUseCase,
    private readonly manage: ManageBookingUseCase,
  ) {}

  async checkAvailability(@GrpcRequest() request: CheckAvailabilityRequest, @GrpcContext() context: GrpcCallContext): Promise<CheckAvailabilityResponse> {
    // The message in the use-case's contract; what it refuses is named by the message's fields.
    const input = availabilityInput.check({ instrumentId: request.instrumentId, from: instantText(request.from), to: instantText(request.to) });
    if (!input.ok) throw DomainError.validation(renameViolations(input.violations, { instrumentId: 'instrument_id' }));
    const result = await this.manage.availability(input.value, this.viewer(context));
    return { busy: result.busy };
  }

  async createBooking(@GrpcRequest() request: CreateBookingRequest, @GrpcContext() context: GrpcCallContext): Promise<CreateBookingResponse> {
    // What the partner says about its requester is its claim about its own region (checked, kept, deciding nothing).
    const requester = partnerRequester(context.caller!, request.requester);
    const { booking } = await this.create.execute(
      // The message in the use-case's contract; what it refuses is named by its fields (start, end, purpose…).
      {
        instrumentId: request.instrumentId,
        start: instantText(request.window?.start),
        end: instantText(request.window?.end),
        purpose: request.purpose,
        ...(request.sampleDescription ? { sampleDescription: request.sampleDescription } : {}),
      },
      request.idempotencyKey,
      requester,
    );
    return { booking: toWire(booking) };
  }

  async cancelBooking(@GrpcRequest() request: CancelBookingRequest, @GrpcContext() context: GrpcCallContext): Promise<CancelBookingResponse> {
    return { booking: toWire(await this.manage.cancel(request.bookingId, { reason: request.reason }, this.viewer(context))) };
  }

  async getBooking(@GrpcRequest() request: GetBookingRequest, @GrpcContext() context: GrpcCallContext): Promise<GetBookingResponse> {
    return { booking: toWire(await this.manage.get(request.bookingId, this.viewer(context))) };
  }

  private viewer(context: GrpcCallContext): Viewer {
    return { kind: 'partner', partnerId: context.caller!.partnerId };
  }
}

function toWire(b: Booking): WireBooking {
  // A partner reads only its own bookings: the requester it named, as it named it. Our users' ids never leave (Art. 17).
  const r = b.requester;
  const requester =
    r.kind === 'partner' ? { pseudonymousId: r.pseudonym, unitId: r.claimedUnitId ?? '', unitName: '' } : { pseudonymousId: '', unitId: '', unitName: '' };
  return {
    id: b.id,
    instrumentId: b.instrumentId,
    status: STATUS[b.status],
    window: { start: b.window.start, end: b.window.end },
    requester,
    purpose: b.purpose,
    sampleDescription: b.sampleDescription ?? '',
    reason: b.reason ?? '',
    createdAt: new Date(b.createdAt),
    updatedAt: new Date(b.updatedAt),
  };
}
