import { Injectable } from '@nestjs/common';
import { InstrumentFactsUseCase, findCategory } from '@app/catalog';
import { Clock } from '@app/common';
import { ListIdleOffersUseCase } from '@app/compliance';
import { REGION_LABELS, YRD_PARTNER_REGIONS, figuresOf, lastYear, type Evidence, type EvidenceRow, type IdleOfferEvidence } from '../domain/evidence';
import { LocalCategoryUseUseCase, sumWhere, unitKey } from './local-category-use.usecase';
import { PartnerEvidenceUseCase } from './partner-evidence.usecase';

/** Our region, and the province whose platform's instruments (and fed use) we hold. */
const CITY = 'jiaxing';
const PROVINCE = 'zhejiang';

/**
 * The evidence Art. 10 asks for, computed once at submission and stored with
 * the request: for the same-category instruments (code prefix, see
 * `Evidence.matching`) of the unit, the city, the province (Jiaxing plus the
 * provincial platform's instruments we federate, with their use from the
 * province's feed) and each YRD partner (through federation), the count,
 * utilisation and sharing rate over the last year, and the idle ones on
 * offer. Confidential and exempted instruments are in no row, the unit's own
 * included: the evidence is read by the department, which never sees them.
 */
@Injectable()
export class GatherEvidenceUseCase {
  constructor(
    private readonly local: LocalCategoryUseUseCase,
    private readonly partners: PartnerEvidenceUseCase,
    private readonly offers: ListIdleOffersUseCase,
    private readonly facts: InstrumentFactsUseCase,
    private readonly clock: Clock,
  ) {}

  async execute(unitId: string, categoryCode: string): Promise<Evidence> {
    const now = this.clock.now();
    const { from, to } = lastYear(this.clock.today());
    const [byUnit, offers, ...partnerRows] = await Promise.all([
      this.local.execute({ categoryPrefix: categoryCode, from, to, regions: [CITY, PROVINCE] }),
      this.idleOffers(categoryCode),
      ...YRD_PARTNER_REGIONS.map((region) => this.partners.execute(region, { categoryCode, from, to })),
    ]);
    const asOf = now.toISOString();
    const localRow = (
      scope: 'unit' | 'city' | 'province',
      region: string,
      label: { label: string; labelEn: string },
      keep: (region: string, unit: string) => boolean,
      rowOffers: IdleOfferEvidence[],
      unit?: string,
    ): EvidenceRow => ({
      scope,
      region,
      ...label,
      ...(unit ? { unitId: unit } : {}),
      source: 'local',
      status: 'ok',
      figures: figuresOf(sumWhere(byUnit, keep)),
      asOf,
      idleOnOffer: rowOffers.length > 0,
      idleOffers: rowOffers,
    });
    const rows: EvidenceRow[] = [
      localRow(
        'unit',
        CITY,
        { label: '本单位', labelEn: 'this unit' },
        (r, u) => unitKey(r, u) === unitKey(CITY, unitId),
        offers.filter((o) => o.unitId === unitId),
        unitId,
      ),
      localRow('city', CITY, REGION_LABELS[CITY], (r) => r === CITY, offers),
      // Only Jiaxing's units make idle offers here (compliance is Jiaxing's): the province row shows the same ones.
      localRow(
        'province',
        PROVINCE,
        { label: '浙江省（嘉兴市及省平台仪器）', labelEn: 'Zhejiang (Jiaxing and the provincial platform)' },
        (r) => r === CITY || r === PROVINCE,
        offers,
      ),
      ...partnerRows,
    ];
    return { categoryCode, categoryName: findCategory(categoryCode)?.name ?? '', matching: 'code_prefix', from, to, asOf, rows };
  }

  /** Open offers (compliance drops excluded instruments) of the category's instruments. */
  private async idleOffers(categoryCode: string): Promise<IdleOfferEvidence[]> {
    const open = await this.offers.execute();
    const facts = await this.facts.execute(open.map((o) => o.instrumentId));
    return open
      .filter((o) => facts.get(o.instrumentId)?.categoryCode.startsWith(categoryCode))
      .map((o) => ({ offerId: o.id, instrumentId: o.instrumentId, instrumentName: o.instrumentName, unitId: o.unitId, kind: o.kind }));
  }
}
