/** What the engine-measuring tools share: percentiles, rounding, a baseline engine from another tree, timed parts. */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SearchIndex, SearchQuery } from '@app/search';

export { percentile } from '../../bench/bench-support';

export const round3 = (x: number) => Number(x.toFixed(3));

/** The `SearchIndex` of another tree (`git archive <commit> libs/search/src/engine | tar -x -C <dir>`), to run beside this one. */
export function baselineSearchIndex(dir: string): typeof SearchIndex {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the baseline is a directory chosen at run time
  return (require(path.resolve(dir, 'libs/search/src/engine/search-index')) as { SearchIndex: typeof SearchIndex }).SearchIndex;
}

/**
 * Wraps `proto[method]` so that every call reports its wall time, result and arguments to `record`
 * (while `enabled()` says so: a tool comparing engines leaves the wrapped one unslowed).
 */
export function timePart<T extends object>(
  proto: T,
  method: string,
  record: (ms: number, result: unknown, args: unknown[]) => void,
  enabled: () => boolean = () => true,
): void {
  const target = proto as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method];
  target[method] = function (this: unknown, ...args: unknown[]) {
    if (!enabled()) return original.apply(this, args);
    const started = performance.now();
    const result = original.apply(this, args);
    record(performance.now() - started, result, args);
    return result;
  };
}

/** A question's kind: its text's script (or a listing, or a model number), its sort and which filters it has. */
export function questionKind(q: SearchQuery): string {
  const text = q.q ?? '';
  const shape = text === '' ? 'listing' : /[\u3400-\u9fff]/.test(text) ? 'zh' : /\d/.test(text) ? 'model' : 'en';
  const sort = q.sort ?? (text === '' ? 'freshness' : 'relevance');
  const filters = ['region', 'category', 'serviceMode', 'feeMax'].filter((f) => (q as Record<string, unknown>)[f] !== undefined);
  return `${shape}/${sort}/${filters.length === 0 ? 'none' : filters.join('+')}`;
}
