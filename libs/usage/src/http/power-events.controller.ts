import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Devices, type Caller } from '@app/auth';
import { BodyInput, DomainError } from '@app/common';
import { RateLimit } from '@app/rate-limit';
import { MAX_POWER_EVENTS_PER_BATCH } from '../domain/power-event';
import { powerEventBatchInput, type PowerEventBatchInput } from '../use-cases/power-events.input';
import { IngestPowerEventsUseCase } from '../use-cases/ingest-power-events.usecase';

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

  // A gateway's own token (DEVICE_CREDENTIALS); no person's JWT, not even an admin's, opens this route.
  @Devices()
  @ApiBearerAuth()
  @Post('power-events')
  @HttpCode(200)
  @RateLimit('iot')
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
  async report(@BodyInput(powerEventBatchInput) body: PowerEventBatchInput, @CurrentCaller() caller: Caller) {
    if (caller.kind !== 'device') throw DomainError.forbidden('only an IoT gateway reports power events');
    const results = await this.ingest.report({ id: caller.id, unitIds: caller.unitIds }, body);
    const count = (status: string) => results.filter((r) => r.status === status).length;
    return { results, accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected') };
  }
}
