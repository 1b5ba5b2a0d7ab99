import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public, Roles, type Principal } from '@app/auth';
import { RateLimit } from '@app/rate-limit';
import type { FastifyReply } from 'fastify';
import { CreateBookingUseCase } from '../use-cases/create-booking.usecase';
import { ManageBookingUseCase, type Viewer } from '../use-cases/manage-booking.usecase';
import { OwnerApprovalUseCase } from '../use-cases/owner-approval.usecase';
import { presentBooking } from './present-booking';

const viewer = (p: Principal): Viewer => ({ sub: p.sub, unitId: p.unitId, channel: 'http', roles: p.roles });

@ApiTags('bookings')
@Controller()
export class BookingsController {
  constructor(
    private readonly create: CreateBookingUseCase,
    private readonly manage: ManageBookingUseCase,
    private readonly owner: OwnerApprovalUseCase,
  ) {}

  @Roles('user', 'unit_admin', 'admin')
  @ApiBearerAuth()
  @Post('bookings')
  @RateLimit('booking')
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Same key and body → the same answer; same key, other body → 422' })
  @ApiBody({ schema: { type: 'object', required: ['instrumentId', 'start', 'end', 'purpose'], properties: { instrumentId: { type: 'string' }, start: { type: 'string', format: 'date-time' }, end: { type: 'string', format: 'date-time' }, purpose: { type: 'string' }, sampleDescription: { type: 'string' } } } })
  @ApiOperation({ summary: 'Book an instrument (confirmed, or awaiting customs / the owner; 409 with the conflicting window on overlap)' })
  async book(@Body() body: Record<string, unknown>, @Headers('idempotency-key') key: string | undefined, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: FastifyReply) {
    const { booking, replayed } = await this.create.execute(body, key, { sub: principal.sub, unitId: principal.unitId, channel: 'http' });
    res.status(replayed ? 200 : 201);
    return presentBooking(booking);
  }

  @Roles('user', 'unit_admin', 'admin')
  @ApiBearerAuth()
  @Get('bookings')
  async list(@CurrentPrincipal() principal: Principal, @Query('status') status?: string) {
    return { items: (await this.manage.list(viewer(principal), status)).map(presentBooking) };
  }

  @Roles('user', 'unit_admin', 'admin', 'customs_officer')
  @ApiBearerAuth()
  @Get('bookings/:id')
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return presentBooking(await this.manage.get(id, viewer(principal)));
  }

  @Roles('user', 'unit_admin', 'admin')
  @ApiBearerAuth()
  @Post('bookings/:id/cancel')
  @HttpCode(200)
  async cancel(@Param('id') id: string, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    return presentBooking(await this.manage.cancel(id, typeof body?.reason === 'string' ? body.reason : undefined, viewer(principal)));
  }

  @Roles('unit_admin', 'admin')
  @ApiBearerAuth()
  @Post('bookings/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: "The owning unit approves a pending_owner booking (409 with the conflicting window if it was taken meanwhile)" })
  async approve(@Param('id') id: string, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    return presentBooking(await this.owner.decide(id, true, body ?? {}, viewer(principal)));
  }

  @Roles('unit_admin', 'admin')
  @ApiBearerAuth()
  @Post('bookings/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'The owning unit rejects a pending_owner booking, with the reason the requester is told' })
  async reject(@Param('id') id: string, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    return presentBooking(await this.owner.decide(id, false, body ?? {}, viewer(principal)));
  }

  /** Public like the instrument itself: busy windows only, never whose. */
  @Public()
  @RateLimit('availability')
  @Get('instruments/:id/availability')
  availability(@Param('id') id: string, @Query('from') from: unknown, @Query('to') to: unknown, @CurrentPrincipal() principal?: Principal) {
    return this.manage.availability(id, from, to, { sub: principal?.sub ?? 'anonymous', unitId: principal?.unitId, channel: 'http' });
  }
}
