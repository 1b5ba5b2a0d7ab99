import { parseArgs } from 'node:util';
import { startProvinceSim } from './province-sim';

/**
 * The simulated Zhejiang provincial platform as a process:
 *   node -r @swc-node/register apps/province-sim/src/main.ts --port 4010 --count 2000 --seed 1 --token <token>
 * Prints one JSON line when listening; SIGINT / SIGTERM close it.
 */
const USAGE = 'usage: province-sim [--port N] [--host H] [--count N] [--seed N] [--token T]';
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
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, host: { type: 'string' }, count: { type: 'string' }, seed: { type: 'string' }, token: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const port = integer('port', values.port, 4010, 0);
  if (port > 65535) {
    process.stderr.write(`--port must be at most 65535\n${USAGE}\n`);
    process.exit(2);
  }
  const count = integer('count', values.count, 1000, 0);
  const seed = integer('seed', values.seed, 1, 0);
  const token = values.token ?? DEFAULT_TOKEN;
  if (token.length === 0 || /\s/.test(token)) {
    process.stderr.write(`--token must be non-empty without spaces\n${USAGE}\n`);
    process.exit(2);
  }
  const sim = await startProvinceSim({ port, host: values.host, count, seed, token });
  process.stdout.write(`${JSON.stringify({ event: 'listening', service: 'province-sim', url: sim.url, port: sim.port, count, seed, listed: sim.seeded, tokenIsDefault: token === DEFAULT_TOKEN })}\n`);
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
