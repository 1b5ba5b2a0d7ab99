import { InputContract } from '@app/common';
import { CROSS_REGION_TABLES, REPORT_FORMATS, type CrossRegionTable, type ReportFormat } from '../domain/report-table';
import { INDICATOR_GROUPS, type IndicatorGroup } from './indicators.usecase';

/** A report's period and how it is written: whether the days exist, their order and span are `reportPeriod`'s rules. */
interface ReportQuery {
  from?: string;
  to?: string;
  format?: ReportFormat;
}

const DAY = { type: 'string', nullable: true, pattern: '^\\d{4}-\\d{2}-\\d{2}$', 'x-message': 'must be a calendar date YYYY-MM-DD' } as const;
const PERIOD = {
  from: { ...DAY, description: 'First China day (YYYY-MM-DD), inclusive; default: 12 months before `to`', example: '2026-01-01' },
  to: { ...DAY, description: 'Last China day (YYYY-MM-DD), inclusive; default: today. At most 5 years after `from`', example: '2026-12-31' },
  format: {
    type: 'string',
    nullable: true,
    enum: [...REPORT_FORMATS],
    description: 'json (default), csv or xlsx; or send `Accept: text/csv` / the XLSX media type',
  },
} as const;

/** `GET /monitoring/cross-region`. */
export interface CrossRegionQueryInput extends ReportQuery {
  table?: CrossRegionTable;
}

export const crossRegionQueryInput = new InputContract<CrossRegionQueryInput>('CrossRegionQueryInput', {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...PERIOD,
    table: {
      type: 'string',
      nullable: true,
      enum: [...CROSS_REGION_TABLES],
      description: 'For CSV, which table (default matrix); JSON and XLSX carry them all',
    },
  },
});

/** `GET /monitoring/indicators`. */
export interface IndicatorsQueryInput extends ReportQuery {
  groupBy: IndicatorGroup;
}

export const indicatorsQueryInput = new InputContract<IndicatorsQueryInput>('IndicatorsQueryInput', {
  type: 'object',
  additionalProperties: false,
  required: ['groupBy'],
  properties: {
    ...PERIOD,
    groupBy: { type: 'string', enum: [...INDICATOR_GROUPS], default: 'category', description: 'Rows per instrument, unit, category (default) or region' },
  },
});
