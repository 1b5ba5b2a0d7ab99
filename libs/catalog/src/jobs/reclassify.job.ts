import { Injectable } from '@nestjs/common';
import { JobHandler } from '@app/queue';
import { ReclassifyInstrumentsUseCase } from '../use-cases/reclassify-instruments.usecase';
import { CATALOG_QUEUE } from './catalog.queue';

@Injectable()
export class ReclassifyJob {
  constructor(private readonly reclassify: ReclassifyInstrumentsUseCase) {}

  @JobHandler(CATALOG_QUEUE, 'reclassify-all')
  async handle(payload: { asOf?: string }) {
    return this.reclassify.execute(payload.asOf);
  }
}
