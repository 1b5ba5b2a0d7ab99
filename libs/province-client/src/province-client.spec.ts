import { ProvinceApiError } from './province-api-error';
import { ProvinceClient } from './province-client';

/**
 * The client against scripted answers (no server): error classification,
 * timeouts, the bearer token and per-item validation. The loopback e2e suite
 * (test/e2e/province-sim.e2e-spec.ts) runs it against the simulator.
 */

type Script = (request: Request) => Promise<Response>;

function client(script: Script, extra: Partial<ConstructorParameters<typeof ProvinceClient>[0]> = {}) {
  return new ProvinceClient({ baseUrl: 'http://province.test', token: 'secret', timeoutMs: 1000, fetch: script, ...extra });
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers } });

const problem = (status: number, code: string, errors?: { field: string; message: string }[]) => ({
  type: 'about:blank',
  title: 'x',
  status,
  code,
  ...(errors ? { errors } : {}),
});

async function failure(promise: Promise<unknown>): Promise<ProvinceApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProvinceApiError) return error;
    throw error;
  }
  throw new Error('expected a ProvinceApiError');
}

const upsertChange = (id: string, version = 1) => ({
  changeType: 'upsert',
  instrumentId: id,
  version,
  changedAt: '2026-01-01T09:00:00+08:00',
  reportedBy: 'zhejiang',
  listedOn: '2026-01-01',
  instrument: {
    instrumentName: '扫描电子显微镜',
    classificationCode: '0101',
    originalValueFen: 250000000,
    fundingChannel: 'fiscal',
    ownerUnitCode: 'zj-u001',
    cityName: '杭州市',
    serviceTypes: ['operatorAssisted'],
    confidentiality: 'none',
  },
});

describe('ProvinceClient', () => {
  it('sends the bearer token (also from a function) and percent-encodes the id', async () => {
    const seen: Request[] = [];
    const c = client(
      async (request) => {
        seen.push(request);
        return json(404, problem(404, 'NOT_FOUND'));
      },
      { token: async () => 'rotated' },
    );
    await expect(c.getInstrument('jiaxing:JX-1')).resolves.toBeNull();
    expect(seen[0].headers.get('authorization')).toBe('Bearer rotated');
    expect(new URL(seen[0].url).pathname).toBe('/v1/instruments/jiaxing%3AJX-1');
  });

  it('throws on a 404 that is not the province saying "no such instrument"', async () => {
    const error = await failure(client(async () => new Response('Not Found', { status: 404 })).getInstrument('jiaxing:JX-1'));
    expect(error).toMatchObject({ kind: 'http', status: 404, transient: false });
  });

  it('refuses to spin on a feed that says "more" without moving its cursor', async () => {
    const c = client(async () => json(200, { items: [], nextCursor: 'same', hasMore: true }));
    const pages = c.changes('same');
    await expect(pages.next()).resolves.toMatchObject({ done: false });
    await expect(pages.next()).rejects.toMatchObject({ kind: 'invalid_response' });
  });

  it('reports 5xx and 429 as transient, with Retry-After', async () => {
    const unavailable = await failure(client(async () => json(503, problem(503, 'UNAVAILABLE'), { 'retry-after': '7' })).listChanges());
    expect(unavailable).toMatchObject({ kind: 'http', status: 503, transient: true, retryAfterMs: 7000, code: 'UNAVAILABLE' });
    const limited = await failure(client(async () => json(429, problem(429, 'RATE_LIMITED'))).listChanges());
    expect(limited.transient).toBe(true);
  });

  it('reports other 4xx as permanent, with the fields the province named', async () => {
    const errors = [{ field: 'instrument.confidentiality', message: 'must be "none"' }];
    const error = await failure(
      client(async () => json(400, problem(400, 'VALIDATION_FAILED', errors))).upsertInstrument('jiaxing:JX-1', {
        version: 1,
        instrument: upsertChange('x').instrument as never,
      }),
    );
    expect(error).toMatchObject({ kind: 'http', status: 400, transient: false, code: 'VALIDATION_FAILED' });
    expect(error.fieldErrors).toEqual(errors);
  });

  it('reports a refused connection as a transient network error', async () => {
    const c = new ProvinceClient({ baseUrl: 'http://127.0.0.1:1', token: 't', timeoutMs: 5000 });
    const error = await failure(c.listChanges());
    expect(error).toMatchObject({ kind: 'network', transient: true, status: undefined });
  });

  it('times out a call that does not answer, and tells it from the caller aborting', async () => {
    const hang: Script = (request) => new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
    const timedOut = await failure(client(hang).listChanges({}, { timeoutMs: 50 }));
    expect(timedOut).toMatchObject({ kind: 'timeout', transient: true });

    const controller = new AbortController();
    const pending = failure(client(hang).listChanges({}, { signal: controller.signal }));
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'aborted', transient: false });
  });

  it('treats a body that is not JSON or breaks the contract as a permanent invalid response', async () => {
    const notJson = await failure(
      client(async () => new Response('{"items": [', { status: 200, headers: { 'content-type': 'application/json' } })).listChanges(),
    );
    expect(notJson).toMatchObject({ kind: 'invalid_response', transient: false });
    const badCursor = await failure(client(async () => json(200, { items: [], nextCursor: '', hasMore: false })).listChanges());
    expect(badCursor.kind).toBe('invalid_response');
    expect(badCursor.message).toMatch(/nextCursor/);
    const badResult = await failure(client(async () => json(200, { applied: true })).withdrawInstrument('jiaxing:JX-1'));
    expect(badResult.kind).toBe('invalid_response');
  });

  it('sets aside invalid change items and keeps the rest of the page', async () => {
    const broken = { ...upsertChange('zhejiang:ZJ-2'), instrument: { ...upsertChange('x').instrument, confidentiality: 'confidential' } };
    const page = await client(async () =>
      json(200, { items: [upsertChange('zhejiang:ZJ-1'), broken, { nonsense: true }], nextCursor: 'abc', hasMore: false }),
    ).listChanges();
    expect(page.items.map((i) => i.instrumentId)).toEqual(['zhejiang:ZJ-1']);
    expect(page.invalid.map((i) => [i.index, i.instrumentId])).toEqual([
      [1, 'zhejiang:ZJ-2'],
      [2, undefined],
    ]);
    expect(page.invalid[0].violations).toContainEqual({ field: 'instrument.confidentiality', message: 'must be one of "none"' });
    expect(page.nextCursor).toBe('abc');
  });

  it('follows cursors until hasMore is false', async () => {
    const cursors: (string | null)[] = [];
    const c = client(async (request) => {
      const cursor = new URL(request.url).searchParams.get('cursor');
      cursors.push(cursor);
      return json(200, { items: [upsertChange(`zhejiang:ZJ-${cursors.length}`)], nextCursor: `c${cursors.length}`, hasMore: cursors.length < 3 });
    });
    const ids: string[] = [];
    for await (const page of c.changes(undefined, { limit: 1 })) ids.push(...page.items.map((i) => i.instrumentId));
    expect(ids).toEqual(['zhejiang:ZJ-1', 'zhejiang:ZJ-2', 'zhejiang:ZJ-3']);
    expect(cursors).toEqual([null, 'c1', 'c2']);
  });

  it('tells a created instrument from a replaced one', async () => {
    const result = { instrumentId: 'jiaxing:JX-1', version: 2, applied: true, listedOn: '2026-01-05', listedAt: '2026-01-05T02:00:00Z' };
    const body = { version: 2, instrument: upsertChange('x').instrument as never };
    expect(await client(async () => json(201, result)).upsertInstrument('jiaxing:JX-1', body)).toMatchObject({ created: true, applied: true });
    expect(await client(async () => json(200, result)).upsertInstrument('jiaxing:JX-1', body)).toMatchObject({ created: false });
  });
});
