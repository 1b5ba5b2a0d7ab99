import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { Clock } from '@app/common';
import type { ExemptionRequest } from '../domain/exemption';
import { ExemptionRepository } from '../infrastructure/exemption.repository';
import { ExemptionAccess, notAwaitingDecision, refuseOwnStep, toExemptionView } from './exemption-access';
import { approveExemptionInput } from './exemption-steps.input';

/**
 * Art. 11, first step: the competent department of the unit's sector approves
 * a `requested` exemption with its approval reference (the approval date is
 * today in China). Approval alone changes nothing for sharing: the filing
 * with the provincial office is still needed (`FileExemptionUseCase`).
 */
@Injectable()
export class ApproveExemptionUseCase {
  constructor(
    private readonly access: ExemptionAccess,
    private readonly requests: ExemptionRepository,
    private readonly clock: Clock,
  ) {}

  async execute(id: string, body: unknown, principal: Principal): Promise<ExemptionRequest> {
    const { reference } = approveExemptionInput.parse(body);
    refuseOwnStep(await this.access.load(id, principal, 'department'), principal, 'decide');
    const at = this.clock.now();
    const columns = { decided_by: principal.sub, decided_at: at, approval_ref: reference, approval_date: this.clock.today() };
    const moved = await this.requests.move(id, ['requested'], 'approved', columns, { actor: principal.sub, detail: `approval ${reference!}`, at });
    if (!moved) throw notAwaitingDecision(id);
    return toExemptionView(moved);
  }
}
