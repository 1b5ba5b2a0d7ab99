import { Inject, Injectable, Optional } from '@nestjs/common';
import { BookingFlowsUseCase } from '@app/booking';
import { CATALOG_SOURCES, InstrumentCensusUseCase, findCategory, type CatalogSources } from '@app/catalog';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ratedHoursFor } from '@app/policy';
import { UsageReportUseCase } from '@app/usage';
import type { ReportPeriod } from '../domain/report-period';
import { USE_COLUMNS, column, hours, useFigures, yuan, type ReportTable } from '../domain/report-table';
import { withholdSmallCells } from '../domain/small-cells';
import { ReportScopes } from './report-inputs';

/** Instruments listed in the "most used across regions" table. */
export const TOP_CROSS_REGION = 20;
/** What the flow tables call use whose requesting region no source told us. */
const UNKNOWN = 'unknown';

export interface CrossRegionReport {
  period: ReportPeriod;
  tables: ReportTable[];
}

const MATRIX = [
  column('requesterRegion', '需求地区 requesting region'),
  column('ownerRegion', '仪器所在地区 owning region'),
  column('bookings', '确认预约数 confirmed bookings'),
  column('confirmedHours', '确认预约时长(小时) confirmed hours'),
  column('sessions', '使用次数 sessions'),
  column('effectiveHours', '有效机时(小时) effective hours'),
  column('feeCny', '收费(元) fees (CNY)'),
];
const TREND = [
  column('month', '月份 month'),
  column('bookings', '确认预约数 confirmed bookings'),
  column('confirmedHours', '确认预约时长(小时) confirmed hours'),
  column('sessions', '使用次数 sessions'),
  column('effectiveHours', '有效机时(小时) effective hours'),
  column('externalHours', '对外服务机时(小时) external hours'),
  column('crossRegionHours', '跨地区使用机时(小时) cross-region hours'),
  column('feeCny', '收费(元) fees (CNY)'),
];
const SHARED = [...USE_COLUMNS, column('sessions', '使用次数 sessions'), column('feeCny', '收费(元) fees (CNY)')];
const CATEGORIES = [
  column('categoryCode', '分类代码 category code'),
  column('categoryName', '分类名称 category'),
  column('categoryNameEn', 'category (English)'),
  ...SHARED,
];
const UNITS = [column('ownerRegion', '地区 region'), column('unitId', '管理单位 unit'), ...SHARED];
const INSTRUMENTS = [
  column('instrumentId', '仪器编号 instrument id'),
  column('ownerRegion', '仪器所在地区 owning region'),
  column('unitId', '管理单位 unit'),
  column('categoryCode', '分类代码 category code'),
  column('requesterRegions', '需求地区 requesting regions'),
  column('sessions', '使用次数 sessions'),
  column('crossRegionHours', '跨地区使用机时(小时) cross-region hours'),
  column('feeCny', '收费(元) fees (CNY)'),
];
const SOURCES = [
  column('source', '数据源 source'),
  column('region', '地区 region'),
  column('status', '同步状态 sync status'),
  column('lastSync', '最近同步 last sync'),
  column('lagSeconds', '滞后(秒) lag (s)'),
];

/**
 * The commission's cross-region monitoring (Arts. 14, 21–23): who uses whose
 * instruments across the Yangtze River Delta. Use (sessions, effective hours,
 * fees) comes from the usage rollups, demand (confirmed bookings and their
 * hours) from the bookings; every figure is a sum over units and regions,
 * never a person, and confidential or exempted instruments are in no row and
 * no total. A figure resting on fewer than `reports.minCellSize` sessions or
 * bookings is withheld (null), as is what would give it back by subtraction.
 */
@Injectable()
export class CrossRegionReportUseCase {
  constructor(
    private readonly usage: UsageReportUseCase,
    private readonly bookings: BookingFlowsUseCase,
    private readonly census: InstrumentCensusUseCase,
    private readonly scopes: ReportScopes,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(CATALOG_SOURCES) private readonly sources?: CatalogSources,
  ) {}

  async execute(period: ReportPeriod): Promise<CrossRegionReport> {
    const scope = await this.scopes.scope(period, {});
    const [flows, booked, { month: months, category: categories, unit: units }, top, counts, sources] = await Promise.all([
      this.usage.flows(scope),
      this.bookings.execute(period.from, period.to, scope.excluded),
      this.usage.totalsByMonthCategoryUnit(scope),
      this.usage.topCrossRegion(scope, TOP_CROSS_REGION),
      this.census.counts(),
      this.sources?.statuses() ?? Promise.resolve([]),
    ]);
    const live = counts.filter((c) => !c.excluded);
    const rated = (code: string, n: number) => n * ratedHoursFor(code, period.from, period.to, this.config.usage);

    // Flow matrix: bookings and usage meet on (requesting region, owning region).
    type Cell = { bookings: number; confirmedSeconds: number; sessions: number; sessionSeconds: number; feeFen: number };
    const empty = (): Cell => ({ bookings: 0, confirmedSeconds: 0, sessions: 0, sessionSeconds: 0, feeFen: 0 });
    const matrix = new Map<string, Cell>();
    const trend = new Map<string, Cell & { effectiveSeconds: number; externalSeconds: number; crossSeconds: number }>();
    const month = (m: string) => trend.get(m) ?? (trend.set(m, { ...empty(), effectiveSeconds: 0, externalSeconds: 0, crossSeconds: 0 }), trend.get(m)!);
    const cell = (requester: string, owner: string) => {
      const key = `${requester || UNKNOWN}|${owner}`;
      return matrix.get(key) ?? (matrix.set(key, empty()), matrix.get(key)!);
    };
    for (const b of booked) {
      const c = cell(b.requesterRegion, b.ownerRegion);
      c.bookings += b.bookings;
      c.confirmedSeconds += b.confirmedSeconds;
      const m = month(b.month);
      m.bookings += b.bookings;
      m.confirmedSeconds += b.confirmedSeconds;
    }
    for (const f of flows) {
      const c = cell(f.requesterRegion, f.ownerRegion);
      c.sessions += f.sessions;
      c.sessionSeconds += f.sessionSeconds;
      c.feeFen += f.feeFen;
      if (f.requesterRegion && f.requesterRegion !== f.ownerRegion) month(f.month).crossSeconds += f.sessionSeconds;
    }
    for (const t of months) {
      const m = month(t.key);
      m.sessions += t.sessions;
      m.effectiveSeconds += t.effectiveSeconds;
      m.externalSeconds += t.externalSeconds;
      m.feeFen += t.feeFen;
    }

    // Rated hours per category and unit: every live instrument there, used or not.
    const ratedByCategory = new Map<string, { instruments: number; rated: number }>();
    const ratedByUnit = new Map<string, { instruments: number; rated: number }>();
    for (const c of live) {
      const byCategory = ratedByCategory.get(c.categoryCode) ?? { instruments: 0, rated: 0 };
      byCategory.instruments += c.instruments;
      byCategory.rated += rated(c.categoryCode, c.instruments);
      ratedByCategory.set(c.categoryCode, byCategory);
      const unitKey = `${c.region}|${c.unitId}`;
      const byUnit = ratedByUnit.get(unitKey) ?? { instruments: 0, rated: 0 };
      byUnit.instruments += c.instruments;
      byUnit.rated += rated(c.categoryCode, c.instruments);
      ratedByUnit.set(unitKey, byUnit);
    }
    const indicators = (
      t: { effectiveSeconds: number; externalSeconds: number; sessions: number; feeFen: number },
      r: { instruments: number; rated: number },
    ) => ({
      ...useFigures(r.instruments, r.rated, t.effectiveSeconds, t.externalSeconds),
      sessions: t.sessions,
      feeCny: yuan(t.feeFen),
    });
    const none = { effectiveSeconds: 0, externalSeconds: 0, sessions: 0, feeFen: 0 };
    const categoryUse = new Map(categories.map((c) => [c.key, c]));
    const unitUse = new Map(units.map((u) => [u.key, u]));

    return {
      period,
      tables: withholdSmallCells(
        [
          {
            name: 'matrix',
            columns: MATRIX,
            rows: [...matrix.entries()]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([key, c]) => {
                const [requesterRegion, ownerRegion] = key.split('|');
                return {
                  requesterRegion,
                  ownerRegion,
                  bookings: c.bookings,
                  confirmedHours: hours(c.confirmedSeconds),
                  sessions: c.sessions,
                  effectiveHours: hours(c.sessionSeconds),
                  feeCny: yuan(c.feeFen),
                };
              }),
          },
          {
            name: 'trend',
            columns: TREND,
            rows: [...trend.entries()]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([m, c]) => ({
                month: m,
                bookings: c.bookings,
                confirmedHours: hours(c.confirmedSeconds),
                sessions: c.sessions,
                effectiveHours: hours(c.effectiveSeconds),
                externalHours: hours(c.externalSeconds),
                crossRegionHours: hours(c.crossSeconds),
                feeCny: yuan(c.feeFen),
              })),
          },
          {
            name: 'categories',
            columns: CATEGORIES,
            rows: [...new Set([...ratedByCategory.keys(), ...categoryUse.keys()])].sort().map((code) => ({
              categoryCode: code,
              categoryName: findCategory(code)?.name ?? null,
              categoryNameEn: findCategory(code)?.nameEn ?? null,
              ...indicators(categoryUse.get(code) ?? none, ratedByCategory.get(code) ?? { instruments: 0, rated: 0 }),
            })),
          },
          {
            name: 'units',
            columns: UNITS,
            rows: [...new Set([...ratedByUnit.keys(), ...unitUse.keys()])].sort().map((key) => {
              const [ownerRegion, unitId] = key.split('|');
              return { ownerRegion, unitId: unitId || null, ...indicators(unitUse.get(key) ?? none, ratedByUnit.get(key) ?? { instruments: 0, rated: 0 }) };
            }),
          },
          {
            name: 'crossRegionInstruments',
            columns: INSTRUMENTS,
            rows: top.map((t) => ({
              instrumentId: t.instrumentId,
              ownerRegion: t.ownerRegion,
              unitId: t.ownerUnitId || null,
              categoryCode: t.categoryCode,
              requesterRegions: t.requesterRegions.join(' '),
              sessions: t.sessions,
              crossRegionHours: hours(t.sessionSeconds),
              feeCny: yuan(t.feeFen),
            })),
          },
          {
            name: 'sources',
            columns: SOURCES,
            rows: sources.map((s) => ({ source: s.id, region: s.region, status: s.status, lastSync: s.lastSync ?? null, lagSeconds: s.lagSeconds ?? null })),
          },
        ],
        this.config.reports.minCellSize,
      ),
    };
  }
}
