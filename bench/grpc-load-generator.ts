/**
 * gRPC load in a process of its own (as bench/load-generator.ts for HTTP):
 * `connections` clients, each on its own connection, call one RPC back to
 * back for `durationMs`. Prints calls/s, p50, p99 (ms), records/s and
 * failures as one JSON line.
 */
import * as grpc from '@grpc/grpc-js';
import { CatalogServiceClient, type ListChangesResponse } from '@app/contracts';
import { percentile } from './bench-support';

interface LoadJob {
  address: string;
  token: string;
  rpc: 'search' | 'changes';
  connections: number;
  durationMs: number;
  queries: string[];
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]!) as LoadJob;
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${job.token}`);
  const clients = Array.from(
    { length: job.connections },
    () =>
      new CatalogServiceClient(job.address, grpc.credentials.createInsecure(), {
        'grpc.use_local_subchannel_pool': 1,
        'grpc.max_receive_message_length': 64 * 1024 * 1024,
      }),
  );
  const latencies: number[] = [];
  let records = 0;
  let failures = 0;
  let i = 0;
  const search = (client: CatalogServiceClient) =>
    new Promise<number>((resolve, reject) =>
      client.searchInstruments(
        { query: job.queries[i++ % job.queries.length], regions: [], categoryPrefix: '', pageSize: 20, pageToken: '' },
        metadata,
        { deadline: Date.now() + 30_000 },
        (error, reply) => (error ? reject(error) : resolve(reply.instruments.length)),
      ),
    );
  /** One whole feed read from the start, as a new partner does: every page until has_more is false. */
  const changes = async (client: CatalogServiceClient) => {
    let cursor = '';
    let count = 0;
    for (;;) {
      let end: { nextCursor: string; hasMore: boolean } | undefined;
      for await (const m of client.listChanges({ cursor, maxChanges: 500 }, metadata, {
        deadline: Date.now() + 60_000,
      }) as AsyncIterable<ListChangesResponse>) {
        if (m.event?.$case === 'change') count += 1;
        else if (m.event?.$case === 'end') end = m.event.end;
      }
      cursor = end!.nextCursor;
      if (!end!.hasMore) return count;
    }
  };
  // One call on each connection first, so connecting is not measured.
  await Promise.all(clients.map((c) => search(c)));
  const started = Date.now();
  await Promise.all(
    clients.map(async (client) => {
      while (Date.now() - started < job.durationMs) {
        const t = process.hrtime.bigint();
        try {
          records += await (job.rpc === 'search' ? search(client) : changes(client));
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        } catch {
          failures += 1;
        }
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  for (const c of clients) c.close();
  process.stdout.write(
    `${JSON.stringify({ calls: latencies.length, callsPerSecond: latencies.length / seconds, recordsPerSecond: records / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
