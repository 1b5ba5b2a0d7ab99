import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { Clock, DomainError } from '@app/common';
import { isUuid } from '../domain/ids';
import { ReminderRepository, type Reminder } from '../infrastructure/reminder.repository';

/**
 * The unit's admin acknowledges its reminder (Art. 15: the internal reminder
 * reached the unit). Another unit's reminder is "not found", like a missing one.
 */
@Injectable()
export class AcknowledgeReminderUseCase {
  constructor(
    private readonly reminders: ReminderRepository,
    private readonly clock: Clock,
  ) {}

  async execute(id: string, principal: Principal): Promise<Reminder> {
    const reminder = isUuid(id) ? await this.reminders.findById(id) : undefined;
    if (!reminder || !principal.unitId || reminder.unitId !== principal.unitId) throw DomainError.notFound(`reminder ${id}`);
    return (await this.reminders.acknowledge(id, principal.sub, this.clock.now())) ?? reminder;
  }
}
