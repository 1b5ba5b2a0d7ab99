import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { ReminderRepository, type Reminder } from '../infrastructure/reminder.repository';
import { ComplianceScope } from './compliance-scope';
import { listRemindersInput, type ListRemindersInput } from './list-reminders.input';

/** The reminders a caller may read (own unit, its department's units, or all), newest first. */
@Injectable()
export class ListRemindersUseCase {
  constructor(
    private readonly reminders: ReminderRepository,
    private readonly scope: ComplianceScope,
  ) {}

  async execute(principal: Principal, raw: ListRemindersInput): Promise<Reminder[]> {
    const query = listRemindersInput.parse(raw);
    return this.reminders.list(await this.scope.ofReminders(principal), {
      kind: query.kind,
      open: query.status === undefined ? undefined : query.status === 'open',
      limit: query.limit,
    });
  }
}
