import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { ApplyExemptionUseCase, InstrumentDutyFactsUseCase } from '@app/catalog';
import { Clock, DomainError } from '@app/common';
import { departmentByCode, type ExemptionRequest } from '../domain/exemption';
import { ExemptionRepository, type StoredExemption } from '../infrastructure/exemption.repository';
import { ExemptionAccess, refuseOwnStep, toExemptionView } from './exemption-access';
import { fileExemptionInput } from './exemption-steps.input';

/**
 * Art. 11, second step: the joint-conference office records the filing of an
 * approved exemption with the provincial office (省大仪办; the filing date is
 * today in China). Only now is the instrument exempted: catalog's
 * `ApplyExemptionUseCase` writes the record, every field of it from this
 * request's trail (department, approval, filing), none from the unit.
 *
 * The step is recorded first, then applied; a repeat with the same filing
 * reference applies it again (idempotent), so a crash between the two is
 * mended by sending the step again. Another reference for a filed request: 409.
 */
@Injectable()
export class FileExemptionUseCase {
  constructor(
    private readonly access: ExemptionAccess,
    private readonly requests: ExemptionRepository,
    private readonly facts: InstrumentDutyFactsUseCase,
    private readonly apply: ApplyExemptionUseCase,
    private readonly clock: Clock,
  ) {}

  async execute(id: string, body: unknown, principal: Principal): Promise<ExemptionRequest> {
    const { filingRef } = fileExemptionInput.parse(body);
    const found = await this.access.load(id, principal, 'admin');
    refuseOwnStep(found, principal, 'file');
    if (found.status === 'filed' && found.filingRef === filingRef) return this.applied(found);
    if (found.status !== 'approved') {
      throw DomainError.conflict(`exemption request ${id} is ${found.status}: only an approved request is filed`, { exemptionId: id });
    }
    const [live] = await this.facts.list({ ids: [found.instrumentId] });
    if (!live) throw DomainError.conflict(`instrument ${found.instrumentId} has been withdrawn from the registry; nothing to exempt`, { exemptionId: id });
    const at = this.clock.now();
    const moved = await this.requests.move(
      id,
      ['approved'],
      'filed',
      { filing_ref: filingRef, filing_date: this.clock.today(), filed_by: principal.sub, filed_at: at },
      { actor: principal.sub, detail: `filing ${filingRef}`, at },
    );
    if (!moved) throw DomainError.conflict(`exemption request ${id} changed meanwhile; read it again`, { exemptionId: id });
    return this.applied(moved);
  }

  private async applied(r: StoredExemption): Promise<ExemptionRequest> {
    await this.apply.execute(r.instrumentId, {
      approvedBy: departmentByCode(r.departmentCode)?.name ?? r.departmentCode,
      approvalRef: r.approvalRef!,
      approvalDate: r.approvalDate!,
      filingRef: r.filingRef!,
      filingDate: r.filingDate!,
      note: `exemption request ${r.id}`,
    });
    return toExemptionView(r);
  }
}
