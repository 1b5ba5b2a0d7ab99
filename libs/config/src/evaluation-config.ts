import { ConfigError } from './config-error';

/**
 * The annual evaluation of units (Arts. 21–23): how much each indicator weighs
 * within its dimension, how much each dimension weighs in the total, and the
 * total scores (0–100) the grades start at. Weights are relative: each group is
 * divided by its own sum, so `{"a": 2, "b": 1}` is `{"a": 2/3, "b": 1/3}`.
 */
export interface EvaluationConfig {
  weights: EvaluationWeights;
  /** Lowest total score of 优 / 良 / 中 (below `fair`: 差); 优 is further capped at 15 % of the units. */
  grades: { excellent: number; good: number; fair: number };
}

export const EVALUATION_INDICATORS = {
  organisation: ['serviceTermsDefined', 'onboardingOnTime', 'remindersAcknowledged', 'rulesPublished'],
  operation: ['utilisation', 'effectiveHours', 'iotCoverage'],
  sharing: ['sharingRate', 'externalHours', 'crossRegionHours', 'feeIncome'],
} as const;

export type EvaluationDimension = keyof typeof EVALUATION_INDICATORS;
export const EVALUATION_DIMENSIONS = Object.keys(EVALUATION_INDICATORS) as EvaluationDimension[];
export type EvaluationIndicator = (typeof EVALUATION_INDICATORS)[EvaluationDimension][number];

export interface EvaluationWeights {
  dimensions: Record<EvaluationDimension, number>;
  indicators: { [D in EvaluationDimension]: Record<(typeof EVALUATION_INDICATORS)[D][number], number> };
}

/** The defaults (README, docs/evaluation.md): use and sharing weigh more than paperwork. */
export const DEFAULT_EVALUATION_WEIGHTS: EvaluationWeights = {
  dimensions: { organisation: 0.3, operation: 0.35, sharing: 0.35 },
  indicators: {
    organisation: { serviceTermsDefined: 0.3, onboardingOnTime: 0.3, remindersAcknowledged: 0.2, rulesPublished: 0.2 },
    operation: { utilisation: 0.5, effectiveHours: 0.3, iotCoverage: 0.2 },
    sharing: { sharingRate: 0.3, externalHours: 0.3, crossRegionHours: 0.2, feeIncome: 0.2 },
  },
};

export const DEFAULT_EVALUATION_GRADES: EvaluationConfig['grades'] = { excellent: 80, good: 60, fair: 40 };

type Env = Record<string, string | undefined>;

function json(env: Env, name: string, expected: string): Record<string, unknown> | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!isObject(parsed)) throw new ConfigError(name, expected, raw);
  return parsed;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const weight = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100;

/** Merges `{"name": weight}` over `defaults`; unknown names, negative weights or a group summing to 0 stop start-up. */
function group<K extends string>(raw: unknown, defaults: Record<K, number>, fail: (detail: string) => never, where: string): Record<K, number> {
  if (raw === undefined) return { ...defaults };
  if (!isObject(raw)) fail(`${where} must be an object`);
  const out = { ...defaults };
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(key in defaults)) fail(`${where}: unknown ${JSON.stringify(key)} (one of ${Object.keys(defaults).join(', ')})`);
    if (!weight(value)) fail(`${where}.${key} must be a number from 0 to 100`);
    out[key as K] = value as number;
  }
  if (Object.values<number>(out).reduce((a, b) => a + b, 0) <= 0) fail(`${where}: the weights must not all be 0`);
  return out;
}

/** EVALUATION_WEIGHTS: `{"dimensions": {...}, "indicators": {"operation": {...}}}`, each part optional, merged over the defaults. */
export function evaluationWeights(env: Env): EvaluationWeights {
  const name = 'EVALUATION_WEIGHTS';
  const expected =
    'must be a JSON object {"dimensions": {organisation, operation, sharing}, "indicators": {<dimension>: {<indicator>: weight}}} with weights from 0 to 100';
  const parsed = json(env, name, expected);
  const fail = (detail: string): never => {
    throw new ConfigError(name, `${expected}; ${detail}`, env[name]);
  };
  if (!parsed) return structuredClone(DEFAULT_EVALUATION_WEIGHTS);
  for (const key of Object.keys(parsed)) if (key !== 'dimensions' && key !== 'indicators') fail(`unknown ${JSON.stringify(key)}`);
  const indicators = parsed.indicators ?? {};
  if (!isObject(indicators)) fail('indicators must be an object');
  for (const key of Object.keys(indicators)) if (!(key in EVALUATION_INDICATORS)) fail(`indicators: unknown dimension ${JSON.stringify(key)}`);
  const ind = indicators as Record<string, unknown>;
  return {
    dimensions: group(parsed.dimensions, DEFAULT_EVALUATION_WEIGHTS.dimensions, fail, 'dimensions'),
    indicators: {
      organisation: group(ind.organisation, DEFAULT_EVALUATION_WEIGHTS.indicators.organisation, fail, 'indicators.organisation'),
      operation: group(ind.operation, DEFAULT_EVALUATION_WEIGHTS.indicators.operation, fail, 'indicators.operation'),
      sharing: group(ind.sharing, DEFAULT_EVALUATION_WEIGHTS.indicators.sharing, fail, 'indicators.sharing'),
    },
  };
}

/** EVALUATION_GRADES: `{"excellent": 80, "good": 60, "fair": 40}`, each optional, 0–100 and strictly decreasing. */
export function evaluationGrades(env: Env): EvaluationConfig['grades'] {
  const name = 'EVALUATION_GRADES';
  const expected = 'must be a JSON object {"excellent", "good", "fair"} of total scores from 0 to 100, excellent > good > fair';
  const parsed = json(env, name, expected);
  const fail = (detail: string): never => {
    throw new ConfigError(name, `${expected}; ${detail}`, env[name]);
  };
  if (!parsed) return { ...DEFAULT_EVALUATION_GRADES };
  const grades = group(parsed, DEFAULT_EVALUATION_GRADES, fail, 'grades');
  if (!(grades.excellent > grades.good && grades.good > grades.fair)) fail('not decreasing');
  return grades;
}
