import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/common';
import { REMINDER_KINDS, type ReminderKind } from '../domain/duties';
import { ReminderRepository, type Reminder } from '../infrastructure/reminder.repository';
import { ComplianceScope } from './compliance-scope';

export interface ReminderQuery {
  kind?: string;
  status?: string;
  limit?: string;
}

/** The reminders a caller may read (own unit, its department's units, or all), newest first. */
@Injectable()
export class ListRemindersUseCase {
  constructor(
    private readonly reminders: ReminderRepository,
    private readonly scope: ComplianceScope,
  ) {}

  async execute(principal: Principal, query: ReminderQuery): Promise<Reminder[]> {
    const violations = [];
    if (query.kind !== undefined && !(REMINDER_KINDS as readonly string[]).includes(query.kind))
      violations.push({ field: 'kind', message: `must be one of ${REMINDER_KINDS.join(', ')}` });
    if (query.status !== undefined && query.status !== 'open' && query.status !== 'acknowledged')
      violations.push({ field: 'status', message: 'must be open or acknowledged' });
    const limit = query.limit === undefined ? 100 : /^\d{1,4}$/.test(query.limit) ? Number(query.limit) : NaN;
    if (!(limit >= 1 && limit <= 500)) violations.push({ field: 'limit', message: 'must be an integer from 1 to 500' });
    if (violations.length > 0) throw DomainError.validation(violations);
    return this.reminders.list(await this.scope.ofReminders(principal), {
      kind: query.kind as ReminderKind | undefined,
      open: query.status === undefined ? undefined : query.status === 'open',
      limit,
    });
  }
}
