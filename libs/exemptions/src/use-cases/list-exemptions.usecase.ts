import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import type { ExemptionRequest } from '../domain/exemption';
import { ExemptionRepository } from '../infrastructure/exemption.repository';
import { ExemptionAccess, toExemptionView } from './exemption-access';
import { listExemptionsInput, type ListExemptionsInput } from './list-exemptions.input';

export const EXEMPTION_LIST_LIMIT = 500;

/** A caller's requests, newest first: a department's queue is `?status=requested` (only its sector's). */
@Injectable()
export class ListExemptionsUseCase {
  constructor(
    private readonly access: ExemptionAccess,
    private readonly requests: ExemptionRepository,
  ) {}

  async execute(raw: ListExemptionsInput, principal: Principal): Promise<ExemptionRequest[]> {
    const { status } = listExemptionsInput.parse(raw);
    const rows = await this.requests.list(this.access.scopeOf(principal), status, EXEMPTION_LIST_LIMIT);
    return rows.map(toExemptionView);
  }
}
