import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/common';
import { EXEMPTION_STATUSES, type ExemptionRequest, type ExemptionStatus } from '../domain/exemption';
import { ExemptionRepository } from '../infrastructure/exemption.repository';
import { ExemptionAccess, toExemptionView } from './exemption-access';

export const EXEMPTION_LIST_LIMIT = 500;

/** A caller's requests, newest first: a department's queue is `?status=requested` (only its sector's). */
@Injectable()
export class ListExemptionsUseCase {
  constructor(
    private readonly access: ExemptionAccess,
    private readonly requests: ExemptionRepository,
  ) {}

  async execute(status: string | undefined, principal: Principal): Promise<ExemptionRequest[]> {
    if (status !== undefined && !(EXEMPTION_STATUSES as readonly string[]).includes(status)) {
      throw DomainError.validation([{ field: 'status', message: `must be one of ${EXEMPTION_STATUSES.join(', ')}` }]);
    }
    const rows = await this.requests.list(this.access.scopeOf(principal), status as ExemptionStatus | undefined, EXEMPTION_LIST_LIMIT);
    return rows.map(toExemptionView);
  }
}
