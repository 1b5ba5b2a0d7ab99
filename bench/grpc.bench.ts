/**
 * npm run bench:grpc — the partner gRPC API served two ways by one gateway
 * process, side by side in the same run: our grpc-js server (`GrpcServer`,
 * the baseline) and Nest's gRPC transport (`GrpcTransportStarter`), over the
 * very same handlers, use-cases and embedded database.
 *
 * A load process of its own (bench/grpc-load-generator.ts) drives each
 * server in turn, alternating rounds so the shared machine's load falls on
 * both alike: SearchInstruments (pages of 20) from 16 connections, and whole
 * ListChanges feed reads (pages of 500) from 4. Ends with one JSON line:
 * calls/s, records/s, p50 and p99 per server and RPC (medians of the rounds).
 */
import 'reflect-metadata';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { GrpcServer, GrpcTransportStarter } from '@app/grpc';
import { generateCatalog } from '@app/seed';
import { PARTNER_IN_TOKEN } from '../test/support/federation';
import { startTestGateway } from '../test/support/gateway';
import { inboundPartnersFile } from '../test/support/partners-file';
import { spawnTs } from '../test/support/processes';
import { runBench } from './bench-support';

interface Figures {
  calls: number;
  callsPerSecond: number;
  recordsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

const QUERIES = ['', '电镜', 'mass spectrometer', '核磁共振', 'JSM-7800F', '色谱', 'microscope', '光谱仪'];

async function load(address: string, rpc: 'search' | 'changes', connections: number, durationMs: number): Promise<Figures> {
  const run = spawnTs('bench/grpc-load-generator.ts', {}, [
    JSON.stringify({ address, token: PARTNER_IN_TOKEN('shanghai'), rpc, connections, durationMs, queries: QUERIES }),
  ]);
  const code = await run.exited;
  const line = run.output().trim().split('\n').pop() ?? '';
  if (code !== 0) throw new Error(`load generator failed (${code}):\n${run.output()}`);
  return JSON.parse(line) as Figures;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '8' } },
  });
  const rounds = Number(values.rounds);
  const durationMs = Number(values.seconds) * 1000;
  const partners = inboundPartnersFile(['shanghai']);
  const gw = await startTestGateway('embedded', { PARTNERS_FILE: partners.file, GRPC_PORT: '0' });
  try {
    const catalog = generateCatalog({ region: 'jiaxing', count: Number(values.count), seed: 7 });
    await gw.seed(catalog.units, catalog.instruments);
    const servers = {
      grpcJs: `127.0.0.1:${await gw.app.get(GrpcServer).start()}`,
      nest: `127.0.0.1:${await gw.app.get(GrpcTransportStarter).start(gw.app)}`,
    };
    const results: Record<string, Record<string, Figures[]>> = { grpcJs: { search: [], changes: [] }, nest: { search: [], changes: [] } };
    for (let round = 0; round < rounds; round++) {
      // Alternate which server goes first, so a burst of load elsewhere on the machine does not always fall on the same one.
      const order = round % 2 === 0 ? (['grpcJs', 'nest'] as const) : (['nest', 'grpcJs'] as const);
      for (const server of order) {
        const search = await load(servers[server], 'search', 16, durationMs);
        const changes = await load(servers[server], 'changes', 4, durationMs);
        results[server].search.push(search);
        results[server].changes.push(changes);
        process.stderr.write(
          `round ${round + 1} ${server}: search ${search.callsPerSecond.toFixed(0)} calls/s p99 ${search.p99.toFixed(1)} ms; changes ${changes.recordsPerSecond.toFixed(0)} records/s p99 ${changes.p99.toFixed(0)} ms (failures ${search.failures + changes.failures})\n`,
        );
      }
    }
    const summary = (figures: Figures[]) => ({
      callsPerSecond: Math.round(median(figures.map((f) => f.callsPerSecond))),
      recordsPerSecond: Math.round(median(figures.map((f) => f.recordsPerSecond))),
      p50Ms: Number(median(figures.map((f) => f.p50)).toFixed(1)),
      p99Ms: Number(median(figures.map((f) => f.p99)).toFixed(1)),
      failures: figures.reduce((sum, f) => sum + f.failures, 0),
    });
    const out = Object.fromEntries(
      Object.entries(results).map(([server, byRpc]) => [server, { search: summary(byRpc.search), changes: summary(byRpc.changes) }]),
    );
    process.stdout.write(
      `${JSON.stringify({ bench: 'grpc', instruments: Number(values.count), rounds, secondsPerRun: durationMs / 1000, loadAverage: os.loadavg()[0], ...out })}\n`,
    );
  } finally {
    await gw.close();
    partners.remove();
  }
}

runBench('grpc', main);
