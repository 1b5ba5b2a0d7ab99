import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OwnCredential } from '@app/auth';
import { RateLimit } from '@app/rate-limit';
import { MAX_POWER_EVENTS_PER_BATCH, readPowerEventBatch } from '../domain/power-event';
import { IngestPowerEventsUseCase } from '../use-cases/ingest-power-events.usecase';
import { IotGatewayGuard, type GatewayRequest } from './iot-gateway.guard';

const EVENT = {
  type: 'object',
  required: ['eventId', 'instrumentId', 'start', 'end'],
  additionalProperties: false,
  properties: {
    eventId: {
      type: 'string',
      description: "the gateway's own id of this power-on interval (1–128 printable ASCII): a resent event is recognised by it",
      example: 'sem-7800f-20261201-0001',
    },
    instrumentId: { type: 'string', example: 'jiaxing:jx-u001.JX-SEM-001' },
    start: { type: 'string', format: 'date-time', example: '2026-12-01T08:55:00+08:00' },
    end: { type: 'string', format: 'date-time', example: '2026-12-01T12:20:00+08:00' },
  },
};

const RESULT = {
  type: 'object',
  required: ['eventId', 'status'],
  properties: {
    eventId: { type: 'string' },
    status: { type: 'string', enum: ['accepted', 'duplicate', 'rejected'] },
    code: { type: 'string', enum: ['VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT'], description: 'why an event was rejected' },
    message: { type: 'string' },
  },
};

/** Power-on intervals from IoT sensor gateways (docs/usage.md): effective hours that no booking stands in for. */
@ApiTags('usage')
@Controller('usage')
export class PowerEventsController {
  constructor(private readonly ingest: IngestPowerEventsUseCase) {}

  @OwnCredential(IotGatewayGuard)
  @ApiBearerAuth()
  @Post('power-events')
  @HttpCode(200)
  @RateLimit('iot')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['events'],
      additionalProperties: false,
      properties: { events: { type: 'array', minItems: 1, maxItems: MAX_POWER_EVENTS_PER_BATCH, items: EVENT } },
    },
  })
  @ApiOkResponse({
    description: 'One result per event, in order',
    schema: {
      type: 'object',
      properties: { results: { type: 'array', items: RESULT }, accepted: { type: 'integer' }, duplicates: { type: 'integer' }, rejected: { type: 'integer' } },
    },
  })
  @ApiOperation({
    summary: 'An IoT gateway reports power-on intervals (Authorization: Bearer <gateway token>, not a user token)',
    description:
      'Each event is judged alone: `accepted` (stored), `duplicate` (this gateway sent the same event id with the same interval before: counted once), ' +
      "`rejected` with a code — NOT_FOUND for an instrument that is not one of the gateway's units' (or unknown), CONFLICT for an event id already reported with another interval " +
      '(the first report stands), VALIDATION_FAILED for an interval that ends before it starts, in the future, or lasts over 31 days. ' +
      `A body of the wrong shape (unknown fields, times without an offset, no events, over ${MAX_POWER_EVENTS_PER_BATCH} events) is 400 and stores nothing; ` +
      'a body over BODY_LIMIT_BYTES is 413. An unknown gateway token is 401.',
  })
  async report(@Body() body: unknown, @Req() req: GatewayRequest) {
    const events = readPowerEventBatch(body);
    const results = await this.ingest.execute(req.iotGateway!, events);
    const count = (status: string) => results.filter((r) => r.status === status).length;
    return { results, accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected') };
  }
}
