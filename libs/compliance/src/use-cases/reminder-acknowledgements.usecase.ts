import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/common';
import { ReminderRepository } from '../infrastructure/reminder.repository';

/**
 * For the annual evaluation (Art. 21): per instrument, the reminders created
 * in a China year and how many the unit has acknowledged. A read for other
 * domains, which must not read `compliance_reminders` themselves.
 */
@Injectable()
export class ReminderAcknowledgementsUseCase {
  constructor(private readonly reminders: ReminderRepository) {}

  inYear(year: number): Promise<Map<string, { total: number; acknowledged: number }>> {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw DomainError.validation([{ field: 'year', message: 'a year from 2000 to 2100' }]);
    // China days: the year runs from Jan 1 00:00 to the next Jan 1 00:00 at UTC+8.
    const start = (y: number) => new Date(Date.parse(`${y}-01-01T00:00:00+08:00`));
    return this.reminders.acknowledgementsByInstrument(start(year), start(year + 1));
  }
}
