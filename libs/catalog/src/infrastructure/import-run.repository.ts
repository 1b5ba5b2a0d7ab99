import { Injectable } from '@nestjs/common';
import { InjectDb, type Db } from '@app/persistence';

export interface ImportRunRecord {
  id: string;
  unitId?: string;
  actor: string;
  filename: string;
  sha256: string;
  format: string;
  totalRows: number;
  stored: number;
  unchanged: number;
  rejected: number;
  report: unknown;
}

/** Every import is kept with its report, so a unit can show what happened to each row later. */
@Injectable()
export class ImportRunRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async save(run: ImportRunRecord): Promise<void> {
    await this.db
      .insertInto('import_runs')
      .values({
        id: run.id,
        unit_id: run.unitId ?? null,
        actor: run.actor,
        filename: run.filename,
        sha256: run.sha256,
        format: run.format,
        total_rows: run.totalRows,
        stored: run.stored,
        unchanged: run.unchanged,
        rejected: run.rejected,
        report: JSON.stringify(run.report),
      })
      .execute();
  }
}
