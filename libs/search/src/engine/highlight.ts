import { escapeHtml } from '@app/common';
import type { Analyzer } from './analyzer';
import { foldTextWithOffsets } from './normalize';

const BRIDGE = /^[\s\-_./|'\u2010\u2011]{1,3}$/u;

/**
 * `text` HTML-escaped with every stretch that produced one of `terms` wrapped
 * in `<em>`; undefined when nothing matched. Spans are found on the folded
 * text and mapped back, so the user's own characters (full-width, upper
 * case) are what gets marked.
 */
export function highlight(analyzer: Analyzer, text: string | undefined, terms: ReadonlySet<string>): string | undefined {
  if (!text || terms.size === 0) return undefined;
  const folded = foldTextWithOffsets(text);
  const spans: [number, number][] = [];
  analyzer.scan(folded.text, (term, start, end) => {
    if (terms.has(term)) spans.push([folded.origin[start], folded.originEnd[end - 1]]);
  });
  if (spans.length === 0) return undefined;
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let out = '';
  let at = 0;
  let open = spans[0][0];
  let close = spans[0][1];
  const emit = () => {
    out += `${escapeHtml(text.slice(at, open))}<em>${escapeHtml(text.slice(open, close))}</em>`;
    at = close;
  };
  for (const [start, end] of spans.slice(1)) {
    // Marks separated only by spaces or joiners read as one: `<em>JSM-7800F</em>`, `<em>scanning electron</em>`.
    if (start <= close || BRIDGE.test(text.slice(close, start))) close = Math.max(close, end);
    else {
      emit();
      open = start;
      close = end;
    }
  }
  emit();
  return out + escapeHtml(text.slice(at));
}
