/**
 * autocannon in a process of its own: the bench that starts it holds a
 * 200,000-document index and its generated catalog, and that heap's GC pauses
 * would count as server latency if the load ran there. Reads its job as JSON
 * from the file named in argv, prints autocannon's result as one JSON line.
 */
import * as fs from 'node:fs';
import autocannon from 'autocannon';

interface LoadJob {
  url: string;
  connections: number;
  duration: number;
  /** Requests cycle through these paths. */
  paths: string[];
}

async function main(): Promise<void> {
  const job = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoadJob;
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
