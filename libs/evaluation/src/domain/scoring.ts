import type { Reason } from '@app/common';
import { EVALUATION_DIMENSIONS, EVALUATION_INDICATORS, type EvaluationConfig, type EvaluationDimension, type EvaluationIndicator } from '@app/config';

/**
 * The annual evaluation's arithmetic (Arts. 21–23), pure: docs/evaluation.md
 * gives the formulas with a worked example.
 */

/** 优 / 良 / 中 / 差. */
export type Grade = '优' | '良' | '中' | '差';
export const GRADES: readonly Grade[] = ['优', '良', '中', '差'];

/** At most this share of the participating units is graded 优 (floor of share × units). */
export const EXCELLENT_SHARE = 0.15;

/** A normalised score is value ÷ its category's mean, capped at this multiple, scaled to 0–100. */
export const NORMALISATION_CAP = 2;

/**
 * Indicators whose level depends on the kind of instrument (a mass spectrometer
 * runs fewer hours than a computing cluster): scored against the instruments
 * of the same national category. The others are duties or facts equal for
 * every category (0 or 1 per instrument) and scored as they are.
 */
export const NORMALISED: ReadonlySet<EvaluationIndicator> = new Set<EvaluationIndicator>([
  'utilisation',
  'effectiveHours',
  'sharingRate',
  'externalHours',
  'crossRegionHours',
  'feeIncome',
]);

export const INDICATOR_LABELS: Record<EvaluationIndicator, { zh: string; en: string }> = {
  serviceTermsDefined: { zh: '服务方式和收费标准已明确', en: 'service terms defined' },
  onboardingOnTime: { zh: '按时纳入省大仪平台', en: 'listed on the provincial platform on time' },
  remindersAcknowledged: { zh: '提醒已签收', en: 'reminders acknowledged' },
  rulesPublished: { zh: '共享规则已公开', en: 'sharing rules published' },
  utilisation: { zh: '使用率', en: 'utilisation' },
  effectiveHours: { zh: '有效机时', en: 'effective hours' },
  iotCoverage: { zh: '物联网覆盖率', en: 'IoT coverage' },
  sharingRate: { zh: '共享率', en: 'sharing rate' },
  externalHours: { zh: '对外服务机时', en: 'external service hours' },
  crossRegionHours: { zh: '跨区域服务机时', en: 'cross-region hours' },
  feeIncome: { zh: '服务收费(元)', en: 'fee income (CNY)' },
};

export const DIMENSION_LABELS: Record<EvaluationDimension, { zh: string; en: string }> = {
  organisation: { zh: '组织管理', en: 'organisation and management' },
  operation: { zh: '运行使用', en: 'operation and use' },
  sharing: { zh: '开放共享', en: 'open sharing' },
};

/** One in-scope instrument's raw figures for the year. Duties are 0 or 1 (remindersAcknowledged a share); hours, CNY, ratios as such. */
export interface InstrumentFigures {
  instrumentId: string;
  unitId: string;
  categoryCode: string;
  ratedHours: number;
  raw: Record<EvaluationIndicator, number>;
}

export interface UnitInfo {
  unitId: string;
  unitName: string;
  departmentCode: string;
  departmentName: string;
}

export interface IndicatorScore {
  indicator: EvaluationIndicator;
  /** The unit's figure: sums of hours and CNY, utilisation and sharing rate over the sums, duties as shares. */
  raw: number | null;
  /** Mean of its instruments' scores (0–100). */
  score: number;
  /** Weight within the dimension, after dividing by the dimension's sum. */
  weight: number;
  normalised: boolean;
}

export interface DimensionScore {
  dimension: EvaluationDimension;
  score: number;
  weight: number;
  indicators: IndicatorScore[];
}

export interface InstrumentScore {
  instrumentId: string;
  categoryCode: string;
  raw: Record<EvaluationIndicator, number>;
  /** The category's mean of each normalised indicator (the denominator). */
  categoryMean: Partial<Record<EvaluationIndicator, number>>;
  scores: Record<EvaluationIndicator, number>;
}

export interface UnitResult extends UnitInfo {
  instruments: number;
  total: number;
  rank: number;
  grade: Grade;
  /** The grade the thresholds alone gave (differs only when the 15 % cap applied). */
  thresholdGrade: Grade;
  capped: boolean;
  dimensions: DimensionScore[];
  instrumentScores: InstrumentScore[];
  reasons: Reason[];
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** 50 × min(value ÷ category mean, 2): the category's mean scores 50, twice it or more 100; a category nobody used scores 0. */
export function normalisedScore(value: number, categoryMean: number): number {
  if (!(categoryMean > 0)) return 0;
  return (100 * Math.min(value / categoryMean, NORMALISATION_CAP)) / NORMALISATION_CAP;
}

function relative<K extends string>(weights: Record<K, number>): Record<K, number> {
  const sum = Object.values<number>(weights).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries<number>(weights).map(([k, w]) => [k, w / sum])) as Record<K, number>;
}

function thresholdGrade(total: number, grades: EvaluationConfig['grades']): Grade {
  if (total >= grades.excellent) return '优';
  if (total >= grades.good) return '良';
  if (total >= grades.fair) return '中';
  return '差';
}

/** The unit's own figure of an indicator (for reading, not for scoring). */
function unitRaw(indicator: EvaluationIndicator, list: readonly InstrumentFigures[]): number {
  const sum = (k: EvaluationIndicator) => list.reduce((a, i) => a + i.raw[k], 0);
  if (indicator === 'utilisation') {
    const rated = list.reduce((a, i) => a + i.ratedHours, 0);
    return rated > 0 ? round(sum('effectiveHours') / rated, 4) : 0;
  }
  if (indicator === 'sharingRate') return sum('effectiveHours') > 0 ? round(sum('externalHours') / sum('effectiveHours'), 4) : 0;
  if (indicator === 'effectiveHours' || indicator === 'externalHours' || indicator === 'crossRegionHours') return round(sum(indicator), 4);
  if (indicator === 'feeIncome') return round(sum(indicator), 2);
  return round(mean(list.map((i) => i.raw[indicator])), 4);
}

/**
 * Art. 22: the indicators (organisation and management, operation and use, open sharing) and
 * judging each instrument against its own kind; Art. 23: the four grades, 优 at most 15 %, 差
 * rectified. Art. 21 (yearly, reviewed by the joint conference, then published) is the lifecycle.
 */
const ART = {
  indicators: 22,
  grading: 23,
  rectification: 23,
};

/**
 * Scores, ranks and grades the participating units: each instrument's
 * normalised indicator scores, the unit's mean per indicator, weighted into
 * dimensions and a total; ranked by total, then open-sharing score, then
 * effective hours, then unit id; graded by the thresholds with 优 capped at
 * floor(15 % × units) in rank order.
 */
export function evaluate(units: readonly UnitInfo[], instruments: readonly InstrumentFigures[], config: EvaluationConfig): UnitResult[] {
  const categoryMeans = new Map<string, Partial<Record<EvaluationIndicator, number>>>();
  const byCategory = new Map<string, InstrumentFigures[]>();
  for (const i of instruments) byCategory.set(i.categoryCode, [...(byCategory.get(i.categoryCode) ?? []), i]);
  for (const [code, list] of byCategory) {
    categoryMeans.set(code, Object.fromEntries([...NORMALISED].map((k) => [k, mean(list.map((i) => i.raw[k]))])));
  }
  const dimensionWeights = relative(config.weights.dimensions);
  const indicatorWeights = Object.fromEntries(
    EVALUATION_DIMENSIONS.map((d) => [d, relative(config.weights.indicators[d] as Record<string, number>)]),
  ) as Record<EvaluationDimension, Record<string, number>>;

  const scored = units.map((unit) => {
    const own = instruments.filter((i) => i.unitId === unit.unitId);
    const instrumentScores: InstrumentScore[] = own.map((i) => {
      const means = categoryMeans.get(i.categoryCode)!;
      const scores = Object.fromEntries(
        (Object.keys(i.raw) as EvaluationIndicator[]).map((k) => [
          k,
          NORMALISED.has(k) ? normalisedScore(i.raw[k], means[k]!) : 100 * Math.max(0, Math.min(1, i.raw[k])),
        ]),
      ) as Record<EvaluationIndicator, number>;
      return {
        instrumentId: i.instrumentId,
        categoryCode: i.categoryCode,
        raw: i.raw,
        categoryMean: Object.fromEntries(Object.entries(means).map(([k, v]) => [k, round(v!, 4)])),
        scores,
      };
    });
    const dimensions: DimensionScore[] = EVALUATION_DIMENSIONS.map((d) => {
      const indicators: IndicatorScore[] = (EVALUATION_INDICATORS[d] as readonly EvaluationIndicator[]).map((k) => ({
        indicator: k,
        raw: own.length > 0 ? unitRaw(k, own) : null,
        score: mean(instrumentScores.map((s) => s.scores[k])),
        weight: indicatorWeights[d][k],
        normalised: NORMALISED.has(k),
      }));
      return { dimension: d, score: indicators.reduce((a, x) => a + x.weight * x.score, 0), weight: dimensionWeights[d], indicators };
    });
    const total = dimensions.reduce((a, x) => a + x.weight * x.score, 0);
    return { unit, own, instrumentScores, dimensions, total };
  });

  // Ranked on the figures as shown (2 decimals), so equal-looking scores are equal ties.
  const sharingOf = (s: (typeof scored)[number]) => round(s.dimensions.find((d) => d.dimension === 'sharing')!.score);
  const effectiveOf = (s: (typeof scored)[number]) =>
    round(
      s.own.reduce((a, i) => a + i.raw.effectiveHours, 0),
      4,
    );
  scored.sort(
    (a, b) =>
      round(b.total) - round(a.total) ||
      sharingOf(b) - sharingOf(a) ||
      effectiveOf(b) - effectiveOf(a) ||
      (a.unit.unitId < b.unit.unitId ? -1 : a.unit.unitId > b.unit.unitId ? 1 : 0),
  );

  const cap = Math.floor(EXCELLENT_SHARE * scored.length + 1e-9);
  let excellent = 0;
  return scored.map((s, index) => {
    const total = round(s.total);
    const byThreshold = thresholdGrade(total, config.grades);
    let grade = byThreshold;
    const capped = byThreshold === '优' && excellent >= cap;
    if (byThreshold === '优') {
      if (capped) grade = '良';
      else excellent += 1;
    }
    const rank = index + 1;
    const reasons: Reason[] = [
      {
        article: ART.indicators,
        code: 'evaluation.score',
        message: `组织管理、运行使用、开放共享三方面指标按同类仪器（国家分类代码）归一化后加权，总分 ${total.toFixed(2)}，在 ${scored.length} 家参评单位中排名第 ${rank}（第二十二条）`,
        messageEn: `Organisation, operation and open-sharing indicators, normalised within each national instrument category and weighted: total ${total.toFixed(2)}, rank ${rank} of ${scored.length} participating units (Art. 22)`,
      },
      {
        article: ART.grading,
        code: `evaluation.threshold`,
        message: `按总分阈值（优 ≥ ${config.grades.excellent}，良 ≥ ${config.grades.good}，中 ≥ ${config.grades.fair}，其余为差）评为「${byThreshold}」（第二十三条）`,
        messageEn: `By the score thresholds (优 ≥ ${config.grades.excellent}, 良 ≥ ${config.grades.good}, 中 ≥ ${config.grades.fair}, else 差): ${byThreshold} (Art. 23)`,
      },
    ];
    if (capped) {
      reasons.push({
        article: ART.grading,
        code: 'evaluation.excellent_cap',
        message: `「优」不超过参评单位的 15%（${scored.length} 家中至多 ${cap} 家）；同分时依次比较开放共享得分、有效机时、单位编号，本单位排名第 ${rank}，评为「良」（第二十三条）`,
        messageEn: `优 is capped at 15 % of the participating units (at most ${cap} of ${scored.length}); ties are broken by the open-sharing score, then effective hours, then unit id; ranked ${rank}, this unit is graded 良 (Art. 23)`,
      });
    }
    if (grade === '差') {
      reasons.push({
        article: ART.rectification,
        code: 'evaluation.rectification',
        message: '评为「差」，列入整改名单，限期整改（第二十三条）',
        messageEn: 'Graded 差: listed for rectification (Art. 23)',
      });
    }
    return {
      ...s.unit,
      instruments: s.own.length,
      total,
      rank,
      grade,
      thresholdGrade: byThreshold,
      capped,
      dimensions: s.dimensions.map((d) => ({
        ...d,
        score: round(d.score),
        weight: round(d.weight, 4),
        indicators: d.indicators.map((x) => ({ ...x, score: round(x.score), weight: round(x.weight, 4) })),
      })),
      instrumentScores: s.instrumentScores.map((i) => ({
        ...i,
        scores: Object.fromEntries(Object.entries(i.scores).map(([k, v]) => [k, round(v)])) as Record<EvaluationIndicator, number>,
      })),
      reasons,
    };
  });
}
