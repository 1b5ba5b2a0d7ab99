import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startProvinceSim } from './province-sim';

/**
 * The simulated Zhejiang provincial platform as a process:
 *   node -r @swc-node/register apps/province-sim/src/main.ts --port 4010 --count 2000 --seed 1 --token <token>
 * Options as the real platform behaves: `--history <file.json>` (listings it
 * already holds, `{"<instrument id>": "YYYY-MM-DD", …}`), `--review` (refuse
 * records without a fee standard, 422).
 * Prints one JSON line when listening; SIGINT / SIGTERM close it.
 */
const USAGE = 'usage: province-sim [--port N] [--host H] [--count N] [--seed N] [--token T] [--history FILE.json] [--review]';
const DEFAULT_TOKEN = 'province-sim-token';

function integer(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    process.stderr.write(`--${name} must be an integer ≥ ${min}, got ${JSON.stringify(text)}\n${USAGE}\n`);
    process.exit(2);
  }
  return Number(text);
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        count: { type: 'string' },
        seed: { type: 'string' },
        token: { type: 'string' },
        history: { type: 'string' },
        review: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const text = (name: string) => values[name] as string | undefined;
  const port = integer('port', text('port'), 4010, 0);
  if (port > 65535) {
    process.stderr.write(`--port must be at most 65535\n${USAGE}\n`);
    process.exit(2);
  }
  const count = integer('count', text('count'), 1000, 0);
  const seed = integer('seed', text('seed'), 1, 0);
  const token = text('token') ?? DEFAULT_TOKEN;
  if (token.length === 0 || /\s/.test(token)) {
    process.stderr.write(`--token must be non-empty without spaces\n${USAGE}\n`);
    process.exit(2);
  }
  let listingHistory: Record<string, string> | undefined;
  const historyFile = text('history');
  if (historyFile !== undefined) {
    try {
      listingHistory = JSON.parse(readFileSync(historyFile, 'utf8')) as Record<string, string>;
      if (typeof listingHistory !== 'object' || listingHistory === null || Array.isArray(listingHistory))
        throw new Error('must be a JSON object {"<instrument id>": "YYYY-MM-DD"}');
    } catch (error) {
      process.stderr.write(`--history ${historyFile}: ${(error as Error).message}\n${USAGE}\n`);
      process.exit(2);
    }
  }
  const review = values.review === true;
  const sim = await startProvinceSim({ port, host: text('host'), count, seed, token, ...(listingHistory ? { listingHistory } : {}), review });
  process.stdout.write(
    `${JSON.stringify({ event: 'listening', service: 'province-sim', url: sim.url, port: sim.port, count, seed, listed: sim.seeded, history: Object.keys(listingHistory ?? {}).length, review, tokenIsDefault: token === DEFAULT_TOKEN })}\n`,
  );
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ event: 'failed', service: 'province-sim', error: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
});
