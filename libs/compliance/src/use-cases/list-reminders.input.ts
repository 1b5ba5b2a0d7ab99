import { InputContract } from '@app/common';
import { REMINDER_KINDS, type ReminderKind } from '../domain/duties';

/** `GET /compliance/reminders`: closed like a body, so a mistyped parameter is a 400, not silently ignored. */
export interface ListRemindersInput {
  kind?: ReminderKind;
  status?: 'open' | 'acknowledged';
  limit: number;
}

export const listRemindersInput = new InputContract<ListRemindersInput>('ListRemindersInput', {
  type: 'object',
  additionalProperties: false,
  required: ['limit'],
  properties: {
    kind: { type: 'string', nullable: true, enum: [...REMINDER_KINDS] },
    status: { type: 'string', nullable: true, enum: ['open', 'acknowledged'] },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  },
});
