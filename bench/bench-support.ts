import { spawnTs } from '../test/support/processes';

/** What every benchmark script shares: percentiles, and one way to run, report and fail. */

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `main`, exits 0 after it (open handles of servers must not keep a bench alive), 1 with the stack on failure. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`bench:${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

/** autocannon against `url`, cycling through `paths`, from its own process (bench/load-generator.ts). */
export async function loadTest(job: { url: string; connections: number; duration: number; paths: string[] }): Promise<LoadResult> {
  const run = spawnTs('bench/load-generator.ts', {}, [JSON.stringify(job)]);
  const code = await run.exited;
  const line = run.output().trim().split('\n').pop() ?? '';
  if (code !== 0) throw new Error(`load generator failed (${code}):\n${run.output()}`);
  return JSON.parse(line) as LoadResult;
}
