import { escapeHtml } from '@app/common';
import type { EvaluationIndicator } from '@app/config';
import type { EvaluationReport } from '../use-cases/get-evaluation.usecase';
import { DIMENSION_LABELS, INDICATOR_LABELS } from '../domain/scoring';

export const HTML_TYPE = 'text/html; charset=utf-8';

const STATUS: Record<string, string> = { draft: '草稿', reviewed: '已审核', published: '已发布' };

const fmt = (k: EvaluationIndicator, v: number | null) =>
  v === null
    ? '—'
    : k === 'utilisation' ||
        k === 'sharingRate' ||
        k === 'remindersAcknowledged' ||
        k === 'serviceTermsDefined' ||
        k === 'onboardingOnTime' ||
        k === 'rulesPublished' ||
        k === 'iotCoverage'
      ? `${(v * 100).toFixed(2)}%`
      : String(v);

/**
 * A printable page (Chinese) of an evaluation: the ranking, then each unit's
 * breakdown (indicators, scores, weights, the rules applied with their
 * articles) and the rectification list. No script, no external resource.
 */
export function evaluationHtml(report: EvaluationReport): string {
  const e = escapeHtml;
  const ranking = report.results
    .map(
      (r) =>
        `<tr><td>${e(r.rank)}</td><td>${e(r.unitName)}</td><td>${e(r.departmentName)}</td><td>${e(r.instruments)}</td><td>${e(r.total.toFixed(2))}</td><td class="grade">${e(r.grade)}</td></tr>`,
    )
    .join('\n');
  const units = report.results
    .map((r) => {
      const rows = r.dimensions
        .map(
          (d) =>
            `<tr class="dimension"><th colspan="2">${e(DIMENSION_LABELS[d.dimension].zh)}</th><td>${e(d.score.toFixed(2))}</td><td>${e((d.weight * 100).toFixed(2))}%</td></tr>\n` +
            d.indicators
              .map(
                (i) =>
                  `<tr><td>${e(INDICATOR_LABELS[i.indicator].zh)}${i.normalised ? '（同类归一化）' : ''}</td><td>${e(fmt(i.indicator, i.raw))}</td><td>${e(i.score.toFixed(2))}</td><td>${e((i.weight * 100).toFixed(2))}%</td></tr>`,
              )
              .join('\n'),
        )
        .join('\n');
      const reasons = r.reasons.map((x) => `<li>${e(x.message)}</li>`).join('');
      return `<section class="unit"><h3>${e(r.rank)}. ${e(r.unitName)}（${e(r.unitId)}）— ${e(r.grade)}，总分 ${e(r.total.toFixed(2))}</h3>
<table><thead><tr><th>指标</th><th>单位数值</th><th>得分</th><th>权重</th></tr></thead><tbody>
${rows}
</tbody></table>
<ul>${reasons}</ul></section>`;
    })
    .join('\n');
  const rectification = report.rectification.length
    ? `<ol>${report.rectification.map((r) => `<li>${e(r.unitName)}（${e(r.unitId)}），总分 ${e(r.total.toFixed(2))}</li>`).join('')}</ol>`
    : '<p>无</p>';
  const g = report.config.grades;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${e(report.year)} 年度大型科研仪器开放共享评价结果</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #999;padding:.2em .6em;text-align:left}.unit{page-break-inside:avoid}.dimension{background:#eee}</style>
</head><body>
<h1>${e(report.year)} 年度大型科研仪器开放共享评价结果</h1>
<p>状态：${e(STATUS[report.status] ?? report.status)}；评价期：${e(report.period.from)} 至 ${e(report.period.to)}；参评单位 ${e(report.participating)} 家。</p>
<p>依据第二十一条至第二十三条：组织管理、运行使用、开放共享三方面指标，按同类仪器（国家分类代码）归一化：得分 = 50 × min(数值 ÷ 同类均值, 2)；等级阈值 优 ≥ ${e(g.excellent)}、良 ≥ ${e(g.good)}、中 ≥ ${e(g.fair)}，「优」不超过参评单位的 15%。</p>
${report.reviewNote ? `<p>审核意见：${e(report.reviewNote)}</p>` : ''}
<h2>排名</h2>
<table><thead><tr><th>排名</th><th>单位</th><th>主管部门</th><th>参评仪器</th><th>总分</th><th>等级</th></tr></thead><tbody>
${ranking}
</tbody></table>
<h2>整改名单（第二十三条）</h2>
${rectification}
<h2>各单位评价明细</h2>
${units}
</body></html>`;
}
