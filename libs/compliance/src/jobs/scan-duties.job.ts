import { Injectable } from '@nestjs/common';
import { JobHandler } from '@app/queue';
import { ScanDutiesUseCase } from '../use-cases/scan-duties.usecase';
import { COMPLIANCE_QUEUE } from './compliance.queue';

@Injectable()
export class ScanDutiesJob {
  constructor(private readonly scan: ScanDutiesUseCase) {}

  @JobHandler(COMPLIANCE_QUEUE, 'scan-duties')
  async handle(payload: { asOf?: string }) {
    return this.scan.execute(payload.asOf);
  }
}
