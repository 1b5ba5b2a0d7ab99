import { Injectable } from '@nestjs/common';
import { Clock, DomainError } from '@app/common';
import { InstrumentFactsUseCase } from '@app/catalog';
import { MAX_POWER_EVENTS_PER_BATCH, powerEventViolation, type PowerEventInput, type PowerGateway } from '../domain/power-event';
import { sessionDay, validateUsageSession, type UsageSessionInput } from '../domain/usage-session';
import { PowerEventRepository, type PowerEventWrite } from '../infrastructure/power-event.repository';
import { UsageSessionRepository } from '../infrastructure/usage-session.repository';
import { RollupUsageUseCase } from './rollup-usage.usecase';

/** Sessions per statement: large enough to amortise the round trip, small enough for PGlite's memory. */
const SESSION_CHUNK = 2_000;

export interface SeedUsageInput {
  sessions: readonly UsageSessionInput[];
  power: readonly { gateway: PowerGateway; events: readonly PowerEventInput[] }[];
}

export interface SeedUsageResult {
  sessions: { created: number; existing: number };
  power: { accepted: number; duplicate: number; rejected: number };
  /** (instrument, day) pairs the rollup rewrote. */
  rolledUp: number;
}

/**
 * Loads a history of use (the demo's year) in bulk, through the same checks
 * as one-by-one recording: every session passes `validateUsageSession` (a
 * future end is refused), every power-on event the checks of
 * `IngestPowerEventsUseCase` (a valid interval; a gateway speaks only for its
 * units' instruments, else the event is rejected). Replays add nothing: a
 * session whose (source, source key) is stored is left as it is, a known
 * event id is a duplicate. The rollups are brought up to date before it returns.
 */
@Injectable()
export class SeedUsageUseCase {
  constructor(
    private readonly sessions: UsageSessionRepository,
    private readonly power: PowerEventRepository,
    private readonly instruments: InstrumentFactsUseCase,
    private readonly rollup: RollupUsageUseCase,
    private readonly clock: Clock,
  ) {}

  async execute(input: SeedUsageInput): Promise<SeedUsageResult> {
    const now = this.clock.now();
    const result: SeedUsageResult = { sessions: { created: 0, existing: 0 }, power: { accepted: 0, duplicate: 0, rejected: 0 }, rolledUp: 0 };
    const valid = input.sessions.map((s, i) => {
      try {
        return { input: validateUsageSession(s, now), day: sessionDay(s) };
      } catch (error) {
        // Say which session of the batch was refused.
        if (error instanceof DomainError && error.details.violations)
          throw DomainError.validation(error.details.violations.map((v) => ({ ...v, field: `sessions[${i}].${v.field}` })));
        throw error;
      }
    });
    for (let i = 0; i < valid.length; i += SESSION_CHUNK) {
      const chunk = valid.slice(i, i + SESSION_CHUNK);
      const created = await this.sessions.insertMany(chunk);
      result.sessions.created += created;
      result.sessions.existing += chunk.length - created;
    }
    for (const { gateway, events } of input.power) {
      for (let i = 0; i < events.length; i += MAX_POWER_EVENTS_PER_BATCH) {
        const batch = events.slice(i, i + MAX_POWER_EVENTS_PER_BATCH);
        const facts = await this.instruments.execute(batch.map((e) => e.instrumentId));
        const units = new Set(gateway.unitIds);
        const writes: PowerEventWrite[] = [];
        for (const e of batch) {
          const f = facts.get(e.instrumentId);
          // The checks of IngestPowerEventsUseCase (a valid interval, an instrument of the gateway's units) but no age bound: this is history.
          if (powerEventViolation(e, now, null) || !f || !units.has(f.unitId)) result.power.rejected += 1;
          else writes.push({ ...e, ownerRegion: f.region, ownerUnitId: f.unitId, categoryCode: f.categoryCode });
        }
        const { inserted } = await this.power.insertBatch(gateway.id, writes);
        result.power.accepted += inserted.size;
        result.power.duplicate += writes.length - inserted.size;
      }
    }
    // Rolled up here, in this call, rather than by the queued job: one pass over the new
    // days instead of a worker re-reading them while the writes go on.
    result.rolledUp = await this.rollup.execute();
    return result;
  }
}
