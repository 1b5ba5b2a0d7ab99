import { Inject, Injectable } from '@nestjs/common';
import { InstrumentCensusUseCase, findCategory } from '@app/catalog';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ratedHoursFor } from '@app/policy';
import { UsageReportUseCase } from '@app/usage';
import type { ReportPeriod } from '../domain/report-period';
import { USE_COLUMNS, column, share, useFigures, yuan, type Cell, type ReportColumn, type ReportTable } from '../domain/report-table';
import { ReportScopes, type ReportAudience } from './report-inputs';

export const INDICATOR_GROUPS = ['instrument', 'unit', 'category', 'region'] as const;
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];

const KEY_COLUMNS: Record<IndicatorGroup, ReportColumn[]> = {
  instrument: [
    column('instrumentId', '仪器编号 instrument id'),
    column('ownerRegion', '地区 region'),
    column('unitId', '管理单位 unit'),
    column('categoryCode', '分类代码 category code'),
  ],
  unit: [column('ownerRegion', '地区 region'), column('unitId', '管理单位 unit')],
  category: [column('categoryCode', '分类代码 category code'), column('categoryName', '分类名称 category')],
  region: [column('ownerRegion', '地区 region')],
};
const FIGURES = [
  ...USE_COLUMNS,
  column('feeCny', '收费(元) fee income (CNY)'),
  column('provincialShare', '省平台上线率 share on the provincial platform'),
  column('iotCoverage', '物联网覆盖率 IoT coverage'),
];

interface Acc {
  key: string;
  keys: Record<string, Cell>;
  instruments: number;
  /** Jiaxing's instruments: only they are pushed to Zhejiang's provincial platform. */
  ours: number;
  rated: number;
  onProvince: number;
  iot: number;
  effective: number;
  external: number;
  fee: number;
}

/**
 * The evaluation indicators of a period (Arts. 21–23), per instrument, unit,
 * category or region: effective and external hours from the usage rollups,
 * utilisation against the rated hours of the live instruments, the sharing
 * rate, fee income, the share of instruments the province lists, and IoT
 * coverage (an instrument with a registered sensor, or power-on events in the
 * period). A unit admin gets its own unit's instruments only; the DRC and
 * admins every unit's, without confidential or exempted instruments.
 */
@Injectable()
export class IndicatorsUseCase {
  constructor(
    private readonly usage: UsageReportUseCase,
    private readonly census: InstrumentCensusUseCase,
    private readonly scopes: ReportScopes,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(
    period: ReportPeriod,
    groupBy: IndicatorGroup,
    audience: ReportAudience,
  ): Promise<{ period: ReportPeriod; groupBy: IndicatorGroup; table: ReportTable }> {
    const scope = await this.scopes.scope(period, audience);
    const [instruments, used] = await Promise.all([this.census.perInstrument(audience.unitId), this.usage.totals(scope, 'instrument')]);
    const use = new Map(used.map((u) => [u.key, u]));
    const groups = new Map<string, Acc>();
    const add = (id: string, region: string, unitId: string, categoryCode: string) => {
      const keys: Record<IndicatorGroup, Record<string, Cell>> = {
        instrument: { instrumentId: id, ownerRegion: region, unitId: unitId || null, categoryCode },
        unit: { ownerRegion: region, unitId: unitId || null },
        category: { categoryCode, categoryName: findCategory(categoryCode)?.name ?? null },
        region: { ownerRegion: region },
      };
      const key = JSON.stringify(Object.values(keys[groupBy]));
      const acc = groups.get(key) ?? { key, keys: keys[groupBy], instruments: 0, ours: 0, rated: 0, onProvince: 0, iot: 0, effective: 0, external: 0, fee: 0 };
      groups.set(key, acc);
      return acc;
    };
    for (const i of instruments) {
      if (i.excluded && audience.unitId === undefined) continue;
      const acc = add(i.id!, i.region, i.unitId, i.categoryCode);
      const u = use.get(i.id!);
      use.delete(i.id!);
      acc.instruments += 1;
      if (i.region === this.config.region) acc.ours += 1;
      acc.rated += ratedHoursFor(i.categoryCode, period.from, period.to, this.config.usage);
      acc.onProvince += i.onProvince;
      acc.iot += i.withSensor > 0 || (u?.powerSeconds ?? 0) > 0 ? 1 : 0;
      if (u) {
        acc.effective += u.effectiveSeconds;
        acc.external += u.externalSeconds;
        acc.fee += u.feeFen;
      }
    }
    // Use of instruments withdrawn since: their hours and fees count, they add no instrument and no rated hours.
    for (const u of use.values()) {
      const acc = add(u.key, u.ownerRegion, u.ownerUnitId, u.categoryCode);
      acc.effective += u.effectiveSeconds;
      acc.external += u.externalSeconds;
      acc.fee += u.feeFen;
    }
    const rows = [...groups.values()]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((g) => ({
        ...g.keys,
        ...useFigures(g.instruments, g.rated, g.effective, g.external),
        feeCny: yuan(g.fee),
        provincialShare: share(g.onProvince, g.ours),
        iotCoverage: share(g.iot, g.instruments),
      }));
    return { period, groupBy, table: { name: 'indicators', columns: [...KEY_COLUMNS[groupBy], ...FIGURES], rows } };
  }
}
