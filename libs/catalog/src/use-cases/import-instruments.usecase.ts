import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock, DomainError, SCOPED_UNIT_ID, instrumentId, sha256Hex, type FieldViolation } from '@app/common';
import type { Principal } from '@app/auth';
import { canManageUnit } from '../domain/instrument-access';
import { ownExemptionRecord } from '../domain/exemption-ownership';
import { prepareInstrument, type PreparedInstrument } from '../domain/prepare-instrument-write';
import { diagnoseImportFormat, parseImportFile } from '../import';
import { ImportRunRepository } from '../infrastructure/import-run.repository';
import { InstrumentRepository } from '../infrastructure/instrument.repository';
import { UnitRepository } from '../infrastructure/unit.repository';
import { LOCAL_REGION, LOCAL_SOURCE } from './register-instrument.usecase';

export interface ImportFile {
  buffer: Buffer;
  filename: string;
  contentType?: string;
}

export interface RejectedRow {
  row: number;
  localId?: string;
  violations: FieldViolation[];
}

export interface ImportReport {
  importId: string;
  filename: string;
  format: 'csv' | 'xlsx';
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
  skippedBlankRows: number;
}

const BATCH = 250;

/** Control characters (NUL above all) cannot be stored in PostgreSQL text and garble logs. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
}

/**
 * Bulk registration from the spreadsheet units already keep. All-or-report:
 * every row is stored or listed back with its row number and reason. Rows are
 * upserted by id and content hash, so re-importing a file (e.g. after a crash
 * mid-way) stores each row exactly once and changes nothing the second time.
 */
@Injectable()
export class ImportInstrumentsUseCase {
  private readonly logger = new Logger('import');

  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly units: UnitRepository,
    private readonly runs: ImportRunRepository,
    private readonly clock: Clock,
  ) {}

  async execute(file: ImportFile, principal: Principal): Promise<ImportReport> {
    const filename = printable(file.filename || 'upload').slice(0, 200);
    const detected = diagnoseImportFormat(filename, file.contentType, file.buffer);
    if (!detected.ok) throw DomainError.validation([{ field: 'file', message: detected.reason }]);
    const format = detected.format;
    // Exemptions are decided, not declared (Art. 11): checked per row below against what is stored.
    const parsed = await parseImportFile(file.buffer, format, { exemptionByDecision: true });
    if (parsed.fileErrors.length > 0) {
      throw new DomainError('VALIDATION_FAILED', `the file cannot be imported: ${parsed.fileErrors.join('; ')}`, {
        violations: parsed.fileErrors.map((message) => ({ field: 'file', message })),
      });
    }
    const asOf = this.clock.today();
    const report: ImportReport = {
      importId: randomUUID(),
      filename,
      format,
      totalRows: parsed.rows.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: [],
      skippedBlankRows: parsed.skippedBlankRows ?? 0,
    };

    for (let start = 0; start < parsed.rows.length; start += BATCH) {
      const chunk = parsed.rows.slice(start, start + BATCH);
      const candidates = chunk.flatMap((row) => {
        if (!row.result.ok) {
          report.rejected.push({
            row: row.rowNumber,
            localId: printable(row.raw['仪器编号'] ?? '').slice(0, 64) || undefined,
            violations: row.result.violations,
          });
          return [];
        }
        return [{ row: row.rowNumber, input: row.result.value }];
      });
      const knownUnits = await this.units.existing([...new Set(candidates.map((c) => c.input.unitId))]);
      const localUnits = new Set((await this.units.list({ region: LOCAL_REGION })).filter((u) => knownUnits.has(u.id)).map((u) => u.id));
      const writable = candidates.filter(({ input }) => localUnits.has(input.unitId) && SCOPED_UNIT_ID.test(input.unitId));
      // Ids are scoped to the row's unit: a row can only meet its own unit's instruments.
      const existing = await this.instruments.findMany(writable.map(({ input }) => instrumentId(LOCAL_REGION, input.unitId, input.localId)));
      const writes: PreparedInstrument[] = [];
      for (const { row, input } of candidates) {
        const reject = (field: string, message: string) => report.rejected.push({ row, localId: input.localId, violations: [{ field, message }] });
        if (!localUnits.has(input.unitId) || !SCOPED_UNIT_ID.test(input.unitId)) {
          reject('unitId', `unknown Jiaxing management unit ${input.unitId}`);
        } else if (!canManageUnit(input.unitId, principal)) {
          reject('unitId', `you manage unit ${principal.unitId ?? '(none)'}, not ${input.unitId}`);
        } else {
          const stored = existing.get(instrumentId(LOCAL_REGION, input.unitId, input.localId));
          // An old id of another unit's (migration 0013) gives way to a fresh record and passes nothing on.
          const previous = stored?.instrument.unitId === input.unitId && stored.instrument.localId === input.localId ? stored : undefined;
          const owned = ownExemptionRecord(input, previous && !previous.deleted ? previous.instrument.confidentiality : undefined);
          if (!owned.ok) reject(owned.violation.field, owned.violation.message);
          else writes.push(prepareInstrument(owned.value, { region: LOCAL_REGION, sourcePlatform: LOCAL_SOURCE, asOf }));
        }
      }
      const outcomes = await this.instruments.upsertMany(writes);
      for (const outcome of outcomes.values()) report[outcome] += 1;
    }
    report.rejected.sort((a, b) => a.row - b.row);

    // The rows are committed: a failure to keep the audit record must not turn
    // the answer into an error that hides what was stored.
    await this.runs
      .save({
        id: report.importId,
        unitId: principal.unitId,
        actor: principal.sub,
        filename,
        sha256: sha256Hex(file.buffer),
        format,
        totalRows: report.totalRows,
        stored: report.created + report.updated,
        unchanged: report.unchanged,
        rejected: report.rejected.length,
        report,
      })
      .catch((error: unknown) => this.logger.error(`import ${report.importId}: report not kept: ${error instanceof Error ? error.message : String(error)}`));
    return report;
  }
}
