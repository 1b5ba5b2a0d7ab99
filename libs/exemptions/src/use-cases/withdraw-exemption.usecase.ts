import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { Clock, DomainError } from '@app/common';
import { OPEN_STATUSES, type ExemptionRequest } from '../domain/exemption';
import { ExemptionRepository } from '../infrastructure/exemption.repository';
import { ExemptionAccess, toExemptionView } from './exemption-access';
import { withdrawExemptionInput } from './exemption-steps.input';

/**
 * The unit withdraws its request while it is not in force (requested, or
 * approved but not yet filed); the instrument stays shared. A filed one is
 * the department's decision and is not withdrawn here (409).
 */
@Injectable()
export class WithdrawExemptionUseCase {
  constructor(
    private readonly access: ExemptionAccess,
    private readonly requests: ExemptionRepository,
    private readonly clock: Clock,
  ) {}

  async execute(id: string, body: unknown, principal: Principal): Promise<ExemptionRequest> {
    const { reason } = withdrawExemptionInput.parse(body);
    await this.access.load(id, principal, 'unit_admin');
    const at = this.clock.now();
    const moved = await this.requests.move(
      id,
      OPEN_STATUSES,
      'withdrawn',
      { withdrawn_by: principal.sub, withdrawn_at: at },
      { actor: principal.sub, detail: reason ?? 'withdrawn by the unit', at },
    );
    if (!moved)
      throw DomainError.conflict(`exemption request ${id} is no longer pending: only a requested or approved (not yet filed) request is withdrawn`, {
        exemptionId: id,
      });
    return toExemptionView(moved);
  }
}
