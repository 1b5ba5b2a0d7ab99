import { Counter, Registry } from 'prom-client';
import { MetricsGathering } from './process-cluster';

/** A gateway process as the primary sees it: a registry that answers a collection round, or not. */
function processWith(id: number, requests: number, answers: 'always' | 'never' | 'once' = 'always') {
  const registry = new Registry();
  const counter = new Counter({ name: 'http_requests_total', help: 'requests', registers: [registry] });
  counter.inc(requests);
  let answered = 0;
  return {
    counter,
    peer: (gathering: MetricsGathering) => ({
      id,
      ask: (round: number) => {
        if (answers === 'never' || (answers === 'once' && answered > 0)) return;
        answered++;
        void registry.getMetricsAsJSON().then((part) => gathering.receive(id, round, part));
      },
    }),
  };
}

const total = (text: string) => Number(/^http_requests_total (\d+)/m.exec(text)?.[1]);

describe('MetricsGathering: one /metrics over several gateway processes', () => {
  it('sums the counters of every process that answers', async () => {
    const gathering = new MetricsGathering({ waitMs: 60_000 });
    const a = processWith(1, 3);
    const b = processWith(2, 4);
    expect(total(await gathering.gather([a.peer(gathering), b.peer(gathering)]))).toBe(7);
  });

  it('answers when a process never does, instead of failing the scrape', async () => {
    const gathering = new MetricsGathering({ waitMs: 50 });
    const a = processWith(1, 3);
    const silent = processWith(2, 4, 'never');
    expect(total(await gathering.gather([a.peer(gathering), silent.peer(gathering)]))).toBe(3);
  });

  it('counts a process that is busy this time with what it last reported, so counters do not step back', async () => {
    const gathering = new MetricsGathering({ waitMs: 50 });
    const a = processWith(1, 3);
    const busy = processWith(2, 4, 'once');
    expect(total(await gathering.gather([a.peer(gathering), busy.peer(gathering)]))).toBe(7);
    a.counter.inc(2);
    expect(total(await gathering.gather([a.peer(gathering), busy.peer(gathering)]))).toBe(9);
  });

  it('stops counting a process that exited, and does not wait for it', async () => {
    const gathering = new MetricsGathering({ waitMs: 60_000 });
    const a = processWith(1, 3);
    const b = processWith(2, 4);
    await gathering.gather([a.peer(gathering), b.peer(gathering)]);
    const dying = processWith(2, 4, 'never');
    const scrape = gathering.gather([a.peer(gathering), dying.peer(gathering)]);
    gathering.forget(2);
    expect(total(await scrape)).toBe(3);
  });

  it('keeps a process at its newest figures when an answer to an earlier scrape arrives late', async () => {
    const gathering = new MetricsGathering({ waitMs: 50 });
    const registry = new Registry();
    const counter = new Counter({ name: 'http_requests_total', help: 'requests', registers: [registry] });
    const asked: number[] = [];
    const peer = { id: 1, ask: (round: number) => void asked.push(round) };
    counter.inc(5);
    const early = await registry.getMetricsAsJSON();
    await gathering.gather([peer]); // round 0: no answer in time
    counter.inc(3);
    const scrape = gathering.gather([peer]); // round 1
    gathering.receive(1, asked[1], await registry.getMetricsAsJSON());
    expect(total(await scrape)).toBe(8);
    gathering.receive(1, asked[0], early);
    expect(total(await gathering.gather([peer]))).toBe(8);
  });
});
