import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { REMINDER_KINDS, type ReminderKind } from '../domain/duties';
import { ReminderRepository } from '../infrastructure/reminder.repository';
import { ComplianceScope } from './compliance-scope';

export interface UnitOverview {
  unitId: string;
  /** Reminders not yet acknowledged, per kind. */
  open: Record<ReminderKind, number>;
  /** Every reminder ever created, per kind. */
  total: Record<ReminderKind, number>;
}

const zero = () => Object.fromEntries(REMINDER_KINDS.map((k) => [k, 0])) as Record<ReminderKind, number>;

/** Reminder counts per unit the caller may read (units without any reminder are left out). */
@Injectable()
export class ComplianceOverviewUseCase {
  constructor(
    private readonly reminders: ReminderRepository,
    private readonly scope: ComplianceScope,
  ) {}

  async execute(principal: Principal): Promise<UnitOverview[]> {
    const byUnit = new Map<string, UnitOverview>();
    for (const c of await this.reminders.countsByUnit(await this.scope.of(principal))) {
      const unit = byUnit.get(c.unitId) ?? { unitId: c.unitId, open: zero(), total: zero() };
      unit.open[c.kind] = c.open;
      unit.total[c.kind] = c.total;
      byUnit.set(c.unitId, unit);
    }
    return [...byUnit.values()];
  }
}
