import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { Clock } from '@app/common';
import type { ExemptionRequest } from '../domain/exemption';
import { ExemptionRepository } from '../infrastructure/exemption.repository';
import { ExemptionAccess, notAwaitingDecision, refuseOwnStep, toExemptionView } from './exemption-access';
import { rejectExemptionInput } from './exemption-steps.input';

/**
 * Art. 11: the competent department rejects a `requested` exemption with its
 * reason. The request is closed, the instrument stays shared, and the unit may
 * ask again.
 */
@Injectable()
export class RejectExemptionUseCase {
  constructor(
    private readonly access: ExemptionAccess,
    private readonly requests: ExemptionRepository,
    private readonly clock: Clock,
  ) {}

  async execute(id: string, body: unknown, principal: Principal): Promise<ExemptionRequest> {
    const { reason } = rejectExemptionInput.parse(body);
    refuseOwnStep(await this.access.load(id, principal, 'department'), principal, 'decide');
    const at = this.clock.now();
    const moved = await this.requests.move(
      id,
      ['requested'],
      'rejected',
      { decided_by: principal.sub, decided_at: at, reject_reason: reason },
      { actor: principal.sub, detail: reason, at },
    );
    if (!moved) throw notAwaitingDecision(id);
    return toExemptionView(moved);
  }
}
