import { Inject, Injectable, Logger } from '@nestjs/common';
import * as grpc from '@grpc/grpc-js';
import { Clock } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { GetCategoryIndicatorsResponse } from '@app/contracts';
import { sharingRate, utilisation } from '@app/policy';
import { REGION_LABELS, type EvidenceFigures, type EvidenceRow, type YrdPartnerRegion } from '../domain/evidence';
import { PartnerIndicatorClients } from '../clients/partner-indicator.client';

/** A partner's as_of may run ahead of our clock by this much (clock skew) before the answer is refused. */
const SKEW_MS = 5 * 60_000;

/**
 * One YRD partner's figures for the category, asked through federation
 * (IndicatorService.GetCategoryIndicators) with a deadline. Whatever goes
 * wrong — no partner configured for the region, no answer, a refusal, an
 * answer that does not add up — the row says `unavailable` with what and
 * when, and the review goes on without it: a partner's outage never blocks a
 * unit's request. The error is a status name, never the transport's raw
 * message (addresses, stack details).
 */
@Injectable()
export class PartnerEvidenceUseCase {
  private readonly logger = new Logger(PartnerEvidenceUseCase.name);

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly indicators: PartnerIndicatorClients,
  ) {}

  async execute(region: YrdPartnerRegion, request: { categoryCode: string; from: string; to: string }): Promise<EvidenceRow> {
    const base = { scope: 'partner' as const, region, ...REGION_LABELS[region], source: 'federation' as const, idleOnOffer: null };
    const unavailable = (error: string): EvidenceRow => ({ ...base, status: 'unavailable', error, errorAt: this.clock.now().toISOString() });
    const partner = this.config.partners.find((p) => p.region === region && p.protocol === 'grpc');
    if (!partner) return unavailable('NOT_CONFIGURED: no federation partner of this region');
    const fetchedAt = this.clock.now();
    let answer: GetCategoryIndicatorsResponse;
    try {
      answer = await this.indicators.for(partner).getCategoryIndicators(request);
    } catch (error) {
      const code = (error as grpc.ServiceError)?.code;
      this.logger.warn({ msg: 'partner indicators unavailable', partner: partner.id, code, error: error instanceof Error ? error.message : String(error) });
      return unavailable(typeof code === 'number' && grpc.status[code] ? grpc.status[code] : 'UNKNOWN');
    }
    const figures = checkAnswer(answer, fetchedAt);
    if (typeof figures === 'string') {
      this.logger.warn({ msg: 'partner indicators refused', partner: partner.id, problem: figures });
      return unavailable(`MALFORMED_ANSWER: ${figures}`);
    }
    return { ...base, status: 'ok', figures, asOf: answer.asOf!.toISOString(), fetchedAt: fetchedAt.toISOString() };
  }
}

/** The partner's sums as figures, or what is wrong with them (a partner's word is checked like any inbound record). */
function checkAnswer(a: GetCategoryIndicatorsResponse, now: Date): EvidenceFigures | string {
  const hours = [a.effectiveHours, a.externalHours, a.ratedHours];
  if (!Number.isInteger(a.instrumentCount) || a.instrumentCount < 0) return 'instrument_count must be ≥ 0';
  if (hours.some((h) => !Number.isFinite(h) || h < 0)) return 'hours must be finite and ≥ 0';
  if (a.externalHours > a.effectiveHours + 1e-6) return 'external_hours exceeds effective_hours';
  if (!a.asOf || Number.isNaN(a.asOf.getTime())) return 'as_of is required';
  if (a.asOf.getTime() > now.getTime() + SKEW_MS) return 'as_of is in the future';
  // The ratios are recomputed from the hours, so every row of the evidence is computed one way.
  return {
    instrumentCount: a.instrumentCount,
    effectiveHours: a.effectiveHours,
    externalHours: a.externalHours,
    ratedHours: a.ratedHours,
    utilisation: utilisation(a.effectiveHours, a.ratedHours),
    sharingRate: sharingRate(a.externalHours, a.effectiveHours),
  };
}
