import { escapeHtml } from '@app/common';
import type { EvidenceFigures, EvidenceRow } from './evidence';
import type { PurchaseReview, PurchaseReviewEvent } from '../infrastructure/purchase-review.repository';

const STATUS: Record<string, string> = { not_required: '无需评议（登记）', submitted: '待评议', approved: '同意购置', rejected: '不同意购置' };
const ACTION: Record<string, string> = { recorded: '登记', submitted: '提交评议', approved: '同意', rejected: '不同意' };
const ARTICLE: Record<number, string> = { 9: '第九条', 10: '第十条' };
const SCOPE: Record<string, string> = { unit: '本单位', city: '本市', province: '本省', partner: '长三角' };

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(2)}%`);
const time = (iso: string | Date | undefined) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—');
const cells = (values: unknown[]) => values.map((v) => `<td>${escapeHtml(v)}</td>`).join('');

function figureCells(f: EvidenceFigures | undefined): string {
  if (!f) return '<td colspan="6">—</td>';
  return cells([f.instrumentCount, f.effectiveHours, f.externalHours, f.ratedHours, percent(f.utilisation), percent(f.sharingRate)]);
}

function rowHtml(r: EvidenceRow): string {
  const source = r.source === 'local' ? '本平台使用记录' : '联邦接口（伙伴平台）';
  const freshness =
    r.status === 'ok' ? `截至 ${time(r.asOf)}${r.fetchedAt ? `（获取于 ${time(r.fetchedAt)}）` : ''}` : `不可用：${r.error ?? ''}（${time(r.errorAt)}）`;
  const idle =
    r.idleOnOffer === null
      ? '未知'
      : r.idleOnOffer
        ? (r.idleOffers ?? []).map((o) => `${o.instrumentName}（${o.instrumentId}，${o.kind === 'lease' ? '出租' : '转让'}）`).join('；')
        : '无';
  return `<tr>${cells([SCOPE[r.scope] ?? r.scope, r.label])}${figureCells(r.figures)}${cells([idle, source, freshness])}</tr>`;
}

/** The printable page of one review: the request, the Art. 10 evidence as stored at submission, the decision and the trail. */
export function renderReviewPage(review: PurchaseReview & { trail: PurchaseReviewEvent[] }): string {
  const e = review.evidence;
  const evidence = e
    ? `<h2>同类仪器查重依据（第十条）</h2>
<p>分类代码 ${escapeHtml(e.categoryCode)} ${escapeHtml(e.categoryName)}（按分类代码前缀匹配）；统计期 ${escapeHtml(e.from)} 至 ${escapeHtml(e.to)}；快照时间 ${escapeHtml(time(e.asOf))}。涉密及豁免仪器不计入。</p>
<table><thead><tr><th>范围</th><th>地区</th><th>仪器数</th><th>有效机时(小时)</th><th>对外服务机时(小时)</th><th>额定机时(小时)</th><th>使用率</th><th>共享率</th><th>闲置待租/转让</th><th>数据来源</th><th>数据时效</th></tr></thead>
<tbody>${e.rows.map(rowHtml).join('\n')}</tbody></table>`
    : '<p>单台价值低于 50 万元，无需查重评议（第九条）。</p>';
  const decision = review.decision
    ? `<h2>评议结论</h2><p>${escapeHtml(STATUS[review.decision.outcome])}（${escapeHtml(review.decision.decidedBy)}，${escapeHtml(time(review.decision.decidedAt))}）</p><p class="text">${escapeHtml(review.decision.explanation)}</p>`
    : '';
  const rows: [string, unknown][] = [
    ['编号', review.id],
    ['申请单位', review.unitId],
    ['主管部门', review.departmentCode],
    ['仪器名称', review.name ?? '—'],
    ['型号', review.model ?? '—'],
    ['分类代码', review.categoryCode],
    ['单台价值(元)', review.valueCny.toFixed(2)],
    ['拟用途', review.intendedUse],
    ['购置理由', review.justification],
    ['状态', STATUS[review.status] ?? review.status],
    ['提交', `${review.submittedBy}，${time(review.submittedAt)}`],
  ];
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>大型科研仪器购置查重评议 ${escapeHtml(review.id)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #888;padding:4px 8px;vertical-align:top}.text{white-space:pre-wrap}@media print{body{margin:0}}</style></head>
<body><h1>大型科研仪器购置查重评议</h1>
<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td class="text">${escapeHtml(v)}</td></tr>`).join('')}</table>
<p>${review.reasons.map((r) => escapeHtml(r.message)).join('<br>')}</p>
${evidence}
${decision}
<h2>处理记录</h2><table><thead><tr><th>时间</th><th>操作</th><th>依据</th><th>操作人</th><th>说明</th></tr></thead><tbody>
${review.trail.map((t) => `<tr>${cells([time(t.at), ACTION[t.action] ?? t.action, ARTICLE[t.article] ?? '', t.actor, t.explanation ?? ''])}</tr>`).join('\n')}
</tbody></table></body></html>
`;
}
