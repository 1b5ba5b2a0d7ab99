/**
 * The load in a process of its own: the bench that starts it holds a
 * 200,000-document index and its generated catalog, and that heap's GC pauses
 * would count as server latency if the load ran there. Reads its job as JSON
 * from the file named in argv, prints the result as one JSON line: autocannon's
 * (as many requests as the connections can carry), or with a rate the paced
 * load's below.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import autocannon from 'autocannon';
import type { LoadResult } from './bench-support';

interface LoadJob {
  url: string;
  connections: number;
  duration: number;
  /** Requests cycle through these paths. */
  paths: string[];
  /**
   * Requests a second, sent on a fixed schedule over at most `connections`
   * kept-alive connections ({@link paced}). Without: every connection sends
   * its next request as soon as it has an answer (autocannon).
   */
  rate?: number;
}

/** As autocannon: a request without an answer after this long is an error. */
const TIMEOUT_MS = 10_000;

/**
 * An open-loop load: request i is due at start + i / rate, whether or not
 * earlier ones were answered, and its latency counts from when it was due,
 * so time spent waiting for a free connection (or for this process to get a
 * core) is the server's latency too, as a user arriving then would meet it:
 * no coordinated omission. autocannon's own rate sends each connection's share
 * of a second back to back at the start of the second, and corrects for a
 * 1 ms interval: bursts, not the rate.
 */
async function paced(job: LoadJob, rate: number): Promise<LoadResult> {
  // FIFO: the next request goes out on the connection idle longest, so the load spreads over every connection as
  // many users' would (Node's default, LIFO, reuses the last few, which may all be one gateway process's).
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections, scheduling: 'fifo' });
  const interval = 1000 / rate;
  const due = Math.floor(job.duration * rate);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let settled = 0;
  let lastAnswer = 0;
  const start = performance.now();
  await new Promise<void>((done) => {
    const send = (at: number, path: string) => {
      const req = http.get(job.url + path, { agent, timeout: TIMEOUT_MS }, (res) => {
        res.resume();
        res.on('end', () => {
          lastAnswer = performance.now();
          latencies.push(lastAnswer - at);
          if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
          if (++settled === due) done();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        if (++settled === due) done();
      });
    };
    const tick = () => {
      const now = performance.now();
      while (sent < due && start + sent * interval <= now) {
        send(start + sent * interval, job.paths[sent % job.paths.length]!);
        sent++;
      }
      if (sent < due) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? NaN);
  return { rps: latencies.length / ((lastAnswer - start) / 1000), p50: at(50), p99: at(99), non2xx, errors, total: latencies.length };
}

async function main(): Promise<void> {
  const job = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoadJob;
  if (job.rate !== undefined) {
    process.stdout.write(`${JSON.stringify(await paced(job, job.rate))}\n`);
    return;
  }
  let i = 0;
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.duration,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: job.paths[i++ % job.paths.length] }) }],
  });
  process.stdout.write(
    `${JSON.stringify({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, total: result.requests.total })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
