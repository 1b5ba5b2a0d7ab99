import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Reason } from '@app/common';
import { InjectDb, sql, type Db } from '@app/persistence';
import type { DueReminder, ReminderKind } from '../domain/duties';

export interface Reminder {
  id: string;
  kind: ReminderKind;
  instrumentId: string;
  unitId: string;
  triggerDate: string;
  article: number;
  reasons: Reason[];
  createdAt: Date;
  acknowledgedAt?: Date;
  acknowledgedBy?: string;
}

interface Row {
  id: string;
  kind: ReminderKind;
  instrument_id: string;
  unit_id: string;
  trigger_date: string;
  article: number;
  reasons: Reason[];
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

const COLUMNS = sql`id, kind, instrument_id, unit_id, to_char(trigger_date, 'YYYY-MM-DD') AS trigger_date, article, reasons, created_at, acknowledged_at, acknowledged_by`;

function toReminder(r: Row): Reminder {
  return {
    id: r.id,
    kind: r.kind,
    instrumentId: r.instrument_id,
    unitId: r.unit_id,
    triggerDate: r.trigger_date,
    article: r.article,
    reasons: r.reasons,
    createdAt: new Date(r.created_at),
    ...(r.acknowledged_at ? { acknowledgedAt: new Date(r.acknowledged_at), acknowledgedBy: r.acknowledged_by ?? undefined } : {}),
  };
}

/** Units a reader may see: every unit, or these; never the reminders of `hiddenInstrumentIds`. */
export type UnitScope = ({ all: true } | { all: false; unitIds: readonly string[] }) & { hiddenInstrumentIds?: readonly string[] };

function inScope(scope: UnitScope) {
  const units = scope.all ? sql`TRUE` : sql`unit_id = ANY(${scope.unitIds as string[]}::text[])`;
  const hidden = scope.hiddenInstrumentIds ?? [];
  return hidden.length > 0 ? sql`${units} AND NOT (instrument_id = ANY(${hidden as string[]}::text[]))` : units;
}

/** The only SQL on compliance_reminders. */
@Injectable()
export class ReminderRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /**
   * Inserts the reminders not yet there; returns how many were new. The unique
   * key (kind, instrument, trigger date) makes a retried or concurrent run a no-op.
   */
  async createMissing(due: readonly DueReminder[], at: Date): Promise<Map<ReminderKind, number>> {
    const created = new Map<ReminderKind, number>();
    if (due.length === 0) return created;
    const { rows } = await sql<{ kind: ReminderKind }>`
      INSERT INTO compliance_reminders (id, kind, instrument_id, unit_id, trigger_date, article, reasons, created_at)
      SELECT d.id, d.kind, d.instrument_id, d.unit_id, d.trigger_date, d.article, d.reasons, ${at}::timestamptz
      FROM unnest(${due.map(() => randomUUID())}::uuid[], ${due.map((d) => d.kind)}::text[], ${due.map((d) => d.instrumentId)}::text[],
                  ${due.map((d) => d.unitId)}::text[], ${due.map((d) => d.triggerDate)}::date[], ${due.map((d) => d.article)}::int[],
                  ${due.map((d) => JSON.stringify(d.reasons))}::jsonb[])
        AS d (id, kind, instrument_id, unit_id, trigger_date, article, reasons)
      ON CONFLICT ON CONSTRAINT compliance_reminders_once DO NOTHING
      RETURNING kind`.execute(this.db);
    for (const r of rows) created.set(r.kind, (created.get(r.kind) ?? 0) + 1);
    return created;
  }

  async list(scope: UnitScope, filter: { kind?: ReminderKind; open?: boolean; limit: number }): Promise<Reminder[]> {
    const kind = filter.kind ? sql`AND kind = ${filter.kind}` : sql``;
    const open = filter.open === undefined ? sql`` : filter.open ? sql`AND acknowledged_at IS NULL` : sql`AND acknowledged_at IS NOT NULL`;
    const { rows } = await sql<Row>`
      SELECT ${COLUMNS} FROM compliance_reminders WHERE ${inScope(scope)} ${kind} ${open}
      ORDER BY created_at DESC, id LIMIT ${filter.limit}`.execute(this.db);
    return rows.map(toReminder);
  }

  async findById(id: string): Promise<Reminder | undefined> {
    const { rows } = await sql<Row>`SELECT ${COLUMNS} FROM compliance_reminders WHERE id = ${id}::uuid`.execute(this.db);
    return rows[0] ? toReminder(rows[0]) : undefined;
  }

  /** Acknowledges once: a second acknowledgement keeps the first one's time and author. */
  async acknowledge(id: string, by: string, at: Date): Promise<Reminder | undefined> {
    await sql`UPDATE compliance_reminders SET acknowledged_at = ${at}::timestamptz, acknowledged_by = ${by}
      WHERE id = ${id}::uuid AND acknowledged_at IS NULL`.execute(this.db);
    return this.findById(id);
  }

  /** Per instrument, the reminders created in [from, to) and how many of them are acknowledged (by now). */
  async acknowledgementsByInstrument(from: Date, to: Date): Promise<Map<string, { total: number; acknowledged: number }>> {
    const { rows } = await sql<{ instrument_id: string; total: string; acknowledged: string }>`
      SELECT instrument_id, count(*)::text AS total, count(*) FILTER (WHERE acknowledged_at IS NOT NULL)::text AS acknowledged
      FROM compliance_reminders WHERE created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz
      GROUP BY instrument_id`.execute(this.db);
    return new Map(rows.map((r) => [r.instrument_id, { total: Number(r.total), acknowledged: Number(r.acknowledged) }]));
  }

  /** Counts per unit and kind: open (not acknowledged) and all. */
  async countsByUnit(scope: UnitScope): Promise<{ unitId: string; kind: ReminderKind; open: number; total: number }[]> {
    const { rows } = await sql<{ unit_id: string; kind: ReminderKind; open: string; total: string }>`
      SELECT unit_id, kind, count(*) FILTER (WHERE acknowledged_at IS NULL)::text AS open, count(*)::text AS total
      FROM compliance_reminders WHERE ${inScope(scope)} GROUP BY unit_id, kind ORDER BY unit_id, kind`.execute(this.db);
    return rows.map((r) => ({ unitId: r.unit_id, kind: r.kind, open: Number(r.open), total: Number(r.total) }));
  }
}
