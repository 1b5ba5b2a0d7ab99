import { Injectable } from '@nestjs/common';
import { InstrumentFactsUseCase } from '@app/catalog';
import { Clock, DomainError } from '@app/common';
import { QueueService } from '@app/queue';
import { MAX_POWER_EVENTS_PER_BATCH, powerEventViolation, type PowerEventInput, type PowerEventResult, type PowerGateway } from '../domain/power-event';
import { PowerEventRepository, type PowerEventWrite } from '../infrastructure/power-event.repository';
import { USAGE_QUEUE } from '../jobs/usage.queue';
import { readPowerEventBatch } from './power-events.input';

/**
 * Power-on intervals from an IoT sensor gateway. The gateway is a claim about
 * its own units' instruments only: an event about any other instrument (or
 * one we do not know, a withdrawn one, or a confidential one of another unit)
 * is refused for that event alone, indistinguishably, and the rest of the
 * batch is kept. An event starting more than MAX_POWER_EVENT_AGE_DAYS ago is
 * refused as invalid.
 * Idempotent by (gateway, event id): a resent event is a `duplicate`; the same
 * id with another interval is a conflict and the first report stands.
 */
@Injectable()
export class IngestPowerEventsUseCase {
  constructor(
    private readonly events: PowerEventRepository,
    private readonly instruments: InstrumentFactsUseCase,
    private readonly queues: QueueService,
    private readonly clock: Clock,
  ) {}

  /** A gateway's report: `raw` is a `PowerEventBatchInput`, checked here unless its contract already did (HTTP's pipe). */
  report(gateway: PowerGateway, raw: unknown): Promise<PowerEventResult[]> {
    return this.execute(gateway, readPowerEventBatch(raw));
  }

  /** Events already read (a report, the demo's history): the batch bounds stay the ingest's own invariant. */
  async execute(gateway: PowerGateway, batch: PowerEventInput[]): Promise<PowerEventResult[]> {
    if (batch.length === 0) throw DomainError.validation([{ field: 'events', message: 'at least one event' }]);
    if (batch.length > MAX_POWER_EVENTS_PER_BATCH)
      throw DomainError.validation([{ field: 'events', message: `at most ${MAX_POWER_EVENTS_PER_BATCH} per batch` }]);
    const now = this.clock.now();
    const facts = await this.instruments.execute(batch.map((e) => e.instrumentId));
    const results = new Map<number, PowerEventResult>();
    const writes: PowerEventWrite[] = [];
    const units = new Set(gateway.unitIds);
    batch.forEach((e, i) => {
      const violation = powerEventViolation(e, now);
      if (violation)
        return results.set(i, { eventId: e.eventId, status: 'rejected', code: 'VALIDATION_FAILED', message: `${violation.field}: ${violation.message}` });
      const f = facts.get(e.instrumentId);
      // A withdrawn instrument is no longer in use: its gateway gets the unknown instrument's answer.
      if (!f || f.withdrawn || !units.has(f.unitId)) {
        return results.set(i, {
          eventId: e.eventId,
          status: 'rejected',
          code: 'NOT_FOUND',
          message: `instrument ${e.instrumentId} not found among this gateway's units`,
        });
      }
      writes.push({ ...e, ownerRegion: f.region, ownerUnitId: f.unitId, categoryCode: f.categoryCode });
    });
    const { inserted, existing } = await this.events.insertBatch(gateway.id, writes);
    const claimed = new Set<string>();
    // The first write of each id, what a repeat in the batch is compared with (a lookup per event, not a scan of the batch).
    const firstWrite = new Map<string, PowerEventWrite>();
    for (const w of writes) if (!firstWrite.has(w.eventId)) firstWrite.set(w.eventId, w);
    batch.forEach((e, i) => {
      if (results.has(i)) return;
      // The first occurrence of an id in the batch is the one inserted; a repeat is a duplicate of it.
      if (inserted.has(e.eventId) && !claimed.has(e.eventId)) {
        claimed.add(e.eventId);
        return results.set(i, { eventId: e.eventId, status: 'accepted' });
      }
      const stored = existing.get(e.eventId) ?? firstWrite.get(e.eventId);
      const same = stored && stored.instrumentId === e.instrumentId && stored.start.getTime() === e.start.getTime() && stored.end.getTime() === e.end.getTime();
      results.set(
        i,
        same
          ? { eventId: e.eventId, status: 'duplicate' }
          : { eventId: e.eventId, status: 'rejected', code: 'CONFLICT', message: 'this event id was already reported with another interval' },
      );
    });
    if (inserted.size > 0) await this.queues.ensure(USAGE_QUEUE, 'rollup', {});
    return batch.map((_, i) => results.get(i)!);
  }
}
