import { Inject, Injectable } from '@nestjs/common';
import { InstrumentDutyFactsUseCase } from '@app/catalog';
import { Clock, DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { isIsoDate } from '@app/policy';
import { LastUseUseCase } from '@app/usage';
import { dueReminders, lastUseDay, OWN_REGION, REMINDER_KINDS, type DueReminder, type ReminderKind } from '../domain/duties';
import { ReminderRepository } from '../infrastructure/reminder.repository';

/** The instant a China day ends: use up to then counts for a check "as of" that day. */
export function endOfChinaDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 16 * 3600_000);
}

/**
 * The daily check (Arts. 13, 15): every live Jiaxing instrument in the
 * mandatory scope and not excluded, its listing on the province, its service
 * terms and its last use; the reminders its facts call for are created once.
 */
@Injectable()
export class ScanDutiesUseCase {
  constructor(
    private readonly facts: InstrumentDutyFactsUseCase,
    private readonly lastUse: LastUseUseCase,
    private readonly reminders: ReminderRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(asOfInput?: string): Promise<{ asOf: string; checked: number; created: Record<ReminderKind, number> }> {
    if (asOfInput !== undefined && !isIsoDate(asOfInput)) throw DomainError.validation([{ field: 'asOf', message: 'must be YYYY-MM-DD' }]);
    const asOf = asOfInput ?? this.clock.today();
    const effectiveDate = this.config.measures.effectiveDate;
    const created = Object.fromEntries(REMINDER_KINDS.map((k) => [k, 0])) as Record<ReminderKind, number>;
    let checked = 0;
    for await (const page of this.facts.scan({ region: OWN_REGION })) {
      const used = await this.lastUse.execute(
        page.map((f) => f.id),
        endOfChinaDay(asOf),
      );
      const due: DueReminder[] = page.flatMap((f) => {
        const last = used.get(f.id);
        return dueReminders(f, last ? lastUseDay(last) : undefined, asOf, effectiveDate);
      });
      for (const [kind, n] of await this.reminders.createMissing(due, this.clock.now())) created[kind] += n;
      checked += page.length;
    }
    return { asOf, checked, created };
  }
}
