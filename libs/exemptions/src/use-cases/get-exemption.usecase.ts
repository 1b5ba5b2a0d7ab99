import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import type { ExemptionRequest, TrailEntry } from '../domain/exemption';
import { ExemptionRepository } from '../infrastructure/exemption.repository';
import { ExemptionAccess, toExemptionView } from './exemption-access';

/** One request with its whole trail (who did what, when, why), for those whose scope holds it. */
@Injectable()
export class GetExemptionUseCase {
  constructor(
    private readonly access: ExemptionAccess,
    private readonly requests: ExemptionRepository,
  ) {}

  async execute(id: string, principal: Principal): Promise<ExemptionRequest & { trail: TrailEntry[] }> {
    const found = await this.access.load(id, principal);
    return { ...toExemptionView(found), trail: await this.requests.trail(found.id) };
  }
}
