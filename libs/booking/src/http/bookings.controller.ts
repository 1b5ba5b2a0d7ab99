import { Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public, Roles, type Principal } from '@app/auth';
import { BodyInput, QueryInput } from '@app/common';
import { RateLimit } from '@app/rate-limit';
import type { FastifyReply } from 'fastify';
import { bookingReasonInput, type BookingReasonInput } from '../use-cases/booking-reason.input';
import { createBookingInput, type CreateBookingInput } from '../use-cases/create-booking.input';
import { CreateBookingUseCase } from '../use-cases/create-booking.usecase';
import { ManageBookingUseCase } from '../use-cases/manage-booking.usecase';
import { presentClosing, type ClosedBooking } from '../use-cases/close-booking';
import { completeBookingInput, recordNoShowInput, type CompleteBookingInput, type RecordNoShowInput } from '../use-cases/close-booking.input';
import { listBookingsInput, type ListBookingsInput } from '../use-cases/list-bookings.input';
import { availabilityInput, feeEstimateInput, type AvailabilityInput, type FeeEstimateInput } from '../use-cases/time-window.input';
import { CompleteBookingUseCase } from '../use-cases/complete-booking.usecase';
import { OwnerApprovalUseCase } from '../use-cases/owner-approval.usecase';
import { RecordNoShowUseCase } from '../use-cases/record-no-show.usecase';
import { EstimateBookingFeeUseCase } from '../use-cases/estimate-booking-fee.usecase';
import type { UserViewer } from '../use-cases/unit-admin-scope';
import { presentBooking } from './present-booking';

const viewer = (p: Principal): UserViewer => ({ kind: 'user', sub: p.sub, unitId: p.unitId, roles: p.roles });
const presentClosed = ({ booking, session }: ClosedBooking) => ({ ...presentBooking(booking), usage: presentClosing(session) });

const CLOSING_RULES =
  "Only the owning unit's admins (units of our region) and admins, for a booking of a Jiaxing instrument; 404 for anyone else, as for approvals. " +
  'Only a confirmed booking whose window has started (else 409 PRECONDITION_FAILED saying why). The same closing sent again answers the closed booking (200) and counts once; ' +
  'a different closing of a closed booking is 409 CONFLICT with what was recorded. The answer carries `usage`: what was recorded (docs/usage.md).';

@ApiTags('bookings')
@Controller()
export class BookingsController {
  constructor(
    private readonly create: CreateBookingUseCase,
    private readonly manage: ManageBookingUseCase,
    private readonly owner: OwnerApprovalUseCase,
    private readonly complete: CompleteBookingUseCase,
    private readonly noShow: RecordNoShowUseCase,
    private readonly fees: EstimateBookingFeeUseCase,
  ) {}

  @Roles('user', 'unit_admin', 'admin')
  @ApiBearerAuth()
  @Post('bookings')
  @RateLimit('booking')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description:
      'Per user: same key and body → the same answer (200); same key, other body → 422 (code IDEMPOTENCY_KEY_REUSED); the same key still being processed → 409 (REQUEST_IN_FLIGHT)',
  })
  @ApiOperation({
    summary: 'Book an instrument (confirmed, or awaiting customs / the owner; 409 SLOT_TAKEN with the conflicting window on overlap)',
    description: 'A requester without a unit in their token counts as another unit: customs gate (Art. 12), owner approval and the external price apply.',
  })
  async book(
    @BodyInput(createBookingInput) body: CreateBookingInput,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const { booking, replayed } = await this.create.execute(body, key, { kind: 'user', sub: principal.sub, unitId: principal.unitId });
    res.status(replayed ? 200 : 201);
    return presentBooking(booking);
  }

  @Roles('user', 'unit_admin', 'admin')
  @ApiBearerAuth()
  @Get('bookings')
  @ApiOperation({
    summary:
      "The caller's own bookings; for the admin of a unit of our region, the bookings of that unit's instruments (a partner's unit acts through its own platform)",
  })
  async list(@CurrentPrincipal() principal: Principal, @QueryInput(listBookingsInput) query: ListBookingsInput) {
    return { items: (await this.manage.list(viewer(principal), query)).map(presentBooking) };
  }

  @Roles('user', 'unit_admin', 'admin', 'customs_officer')
  @ApiBearerAuth()
  @Get('bookings/:id')
  @ApiOperation({
    summary:
      "A booking with its audit trail: for its requester, the owning unit's admins, admins, and — read only — customs officers for the bookings that came before customs (Art. 12). 404 for anyone else.",
  })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return presentBooking(await this.manage.get(id, viewer(principal)));
  }

  @Roles('user', 'unit_admin', 'admin')
  @ApiBearerAuth()
  @Post('bookings/:id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Cancel a booking before its window starts (a repeat answers the cancelled booking). 409 with the reason once the window has started — a used booking is closed by the owning unit — or when the booking is rejected or failed. The reason may reach a partner platform, so a phone, identity-card number or e-mail in it is refused (400, Art. 17).',
  })
  async cancel(@Param('id') id: string, @BodyInput(bookingReasonInput, { optional: true }) body: BookingReasonInput, @CurrentPrincipal() principal: Principal) {
    return presentBooking(await this.manage.cancel(id, body, viewer(principal)));
  }

  @Roles('unit_admin', 'admin')
  @ApiBearerAuth()
  @Post('bookings/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'The owning unit approves a pending_owner booking (409 with the conflicting window if it was taken meanwhile)' })
  async approve(
    @Param('id') id: string,
    @BodyInput(bookingReasonInput, { optional: true }) body: BookingReasonInput,
    @CurrentPrincipal() principal: Principal,
  ) {
    return presentBooking(await this.owner.decide(id, true, body, viewer(principal)));
  }

  @Roles('unit_admin', 'admin')
  @ApiBearerAuth()
  @Post('bookings/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'The owning unit rejects a pending_owner booking, with the reason the requester is told' })
  async reject(@Param('id') id: string, @BodyInput(bookingReasonInput, { optional: true }) body: BookingReasonInput, @CurrentPrincipal() principal: Principal) {
    return presentBooking(await this.owner.decide(id, false, body, viewer(principal)));
  }

  @Roles('unit_admin', 'admin')
  @ApiBearerAuth()
  @Post('bookings/:id/complete')
  @HttpCode(200)
  @RateLimit('booking')
  @ApiOperation({
    summary: 'The owning unit closes a used booking with the actual times and the fee charged (status completed; a usage session of source booking)',
    description: CLOSING_RULES,
  })
  async completeBooking(@Param('id') id: string, @BodyInput(completeBookingInput) body: CompleteBookingInput, @CurrentPrincipal() principal: Principal) {
    return presentClosed(await this.complete.execute(id, body, viewer(principal)));
  }

  @Roles('unit_admin', 'admin')
  @ApiBearerAuth()
  @Post('bookings/:id/no-show')
  @HttpCode(200)
  @RateLimit('booking')
  @ApiOperation({
    summary: 'The owning unit closes a booking nobody came for (status no_show; a no-show session on the booked day, no hours)',
    description: CLOSING_RULES,
  })
  async recordNoShow(
    @Param('id') id: string,
    @BodyInput(recordNoShowInput, { optional: true }) body: RecordNoShowInput,
    @CurrentPrincipal() principal: Principal,
  ) {
    return presentClosed(await this.noShow.execute(id, body, viewer(principal)));
  }

  /** Public like the instrument: who asks decides only the tariff (their token's unit; none → external). */
  @Public()
  @RateLimit('availability')
  @Get('instruments/:id/fee-estimate')
  @ApiOperation({
    summary: 'What booking [start, end) would cost the caller (Arts. 13, 19): the estimate a booking of that window carries, each reason with its article',
    description:
      "The internal price for the owning unit's own people (the token's unitId), the external price for everyone else, anonymous callers included; tiers and the set-up fee as the fee standard says. " +
      '`estimate: null` when the instrument has no fee standard. At most 92 days; impossible dates answer 400; a hidden instrument 404.',
  })
  feeEstimate(@QueryInput(feeEstimateInput, { id: 'instrumentId' }) input: FeeEstimateInput, @CurrentPrincipal() principal?: Principal) {
    return this.fees.execute(input, { sub: principal?.sub ?? 'anonymous', unitId: principal?.unitId, roles: principal?.roles ?? [] });
  }

  /** Public like the instrument itself: busy windows only, never whose. */
  @Public()
  @RateLimit('availability')
  @Get('instruments/:id/availability')
  @ApiOperation({ summary: 'Busy windows of an instrument in [from, to), at most 92 days; impossible dates and offsets beyond ±14:00 answer 400' })
  availability(@QueryInput(availabilityInput, { id: 'instrumentId' }) input: AvailabilityInput, @CurrentPrincipal() principal?: Principal) {
    return this.manage.availability(input, {
      kind: 'user',
      sub: principal?.sub ?? 'anonymous',
      unitId: principal?.unitId,
      roles: principal?.roles ?? [],
    });
  }
}
