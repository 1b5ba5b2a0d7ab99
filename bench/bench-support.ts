import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnTs } from '../test/support/processes';

/** What every benchmark script shares: percentiles, and one way to run, report and fail. */

export function percentile(values: readonly number[], p: number): number {
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

/** The process and the processes it supervises (a gateway under GATEWAY_PROCESSES). */
function processTree(pid: number): number[] {
  try {
    return [pid, ...fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number)];
  } catch {
    return [pid];
  }
}

/** Resident memory of a process and its children (a gateway and the processes it supervises), in MB. */
export async function processRssMb(pid: number): Promise<number> {
  const rssKb = (p: number): number => {
    try {
      return Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      return 0;
    }
  };
  return Math.round(processTree(pid).reduce((sum, p) => sum + rssKb(p), 0) / 1024);
}

/**
 * CPU time (user + system) a process and its children have used so far, in ms:
 * per request, a cost that other load on a shared machine inflates far less
 * than latency or throughput (clock ticks of 10 ms, Linux's USER_HZ).
 */
export function processCpuMs(pid: number): number {
  return processTree(pid).reduce((sum, p) => {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return sum;
    }
  }, 0);
}

/** autocannon against `url`, cycling through `paths`, from its own process (bench/load-generator.ts). */
export async function loadTest(job: { url: string; connections: number; duration: number; paths: string[]; rate?: number }): Promise<LoadResult> {
  // Through a file: tens of thousands of distinct paths exceed what one argument may hold.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-job-'));
  const file = path.join(dir, 'job.json');
  fs.writeFileSync(file, JSON.stringify(job));
  const run = spawnTs('bench/load-generator.ts', {}, [file]);
  const code = await run.exited;
  fs.rmSync(dir, { recursive: true, force: true });
  const line = run.output().trim().split('\n').pop() ?? '';
  if (code !== 0) throw new Error(`load generator failed (${code}):\n${run.output()}`);
  return JSON.parse(line) as LoadResult;
}
