import fc from 'fast-check';
import request from 'supertest';
import type { InstrumentInput } from '@app/catalog';
import { DATABASE, sql, type Database } from '@app/persistence';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';
import { csvRow, instrumentsCsv } from '../support/import-files';
import { anyJsonValue, dateLikeString, instantAfter, isoAt, mutatedBody, nastyString, sometimes, strictInstant, type Json } from './arbitraries';
import { fuzzParams, PROPERTY_TIMEOUT_MS, FUZZ_GATEWAY_ENV } from './fuzz-settings';

/**
 * Issue 15: whatever arrives over HTTP — bodies, query strings, headers —
 * the gateway answers below 500, every 4xx is a problem document with a
 * title, a refused write stores nothing, and the process keeps answering.
 */
describe('HTTP fuzz: random and mutated requests never get a 5xx and refused writes store nothing', () => {
  let gw: TestGateway;
  let db: Database;
  let now: Date;
  const tokens: Record<string, string> = {};
  const id = (localId: string) => localInstrumentId('jx-u001', localId);

  beforeAll(async () => {
    gw = await startTestGateway('embedded', FUZZ_GATEWAY_ENV);
    now = gw.clock.now();
    const df = { declarationNo: '292020251000000001', releaseDate: '2025-06-01', supervisionYears: 3 };
    await gw.seed(JX_UNITS, [
      sem({ localId: 'SEM-1' }),
      sem({ localId: 'SECRET-1', confidentiality: { status: 'confidential' } }),
      // Inside its 3-year customs supervision on the test day: other units wait for customs (Art. 12).
      sem({ localId: 'DF-IN', dutyFreeImport: df }),
      sem({ localId: 'OWNER-1', requiresOwnerApproval: true }),
      sem({ localId: 'PUT-1' }),
      sem({ localId: 'DECIDE-PLAIN' }),
      sem({ localId: 'DECIDE-DF', dutyFreeImport: df }),
      sem({ localId: 'DECIDE-OWNER', requiresOwnerApproval: true }),
    ]);
    db = gw.app.get<Database>(DATABASE);
    const [admin1, admin2, user, officer, admin] = await Promise.all([
      gw.token('unit_admin', 'jx-u001', 'admin-1'),
      gw.token('unit_admin', 'jx-u002', 'admin-2'),
      gw.token('user', 'jx-u002', 'user-2'),
      gw.token('customs_officer', undefined, 'officer-1'),
      gw.token('admin', undefined, 'platform-admin'),
    ]);
    Object.assign(tokens, { admin1, admin2, user, officer, admin });
  }, 60_000);
  afterAll(() => gw?.close());

  /** Everything a write could leave behind; any change to a row bumps one of these. */
  const fingerprint = async () =>
    (
      await sql<{ f: string }>`SELECT concat_ws('|',
        (SELECT count(*) FROM instruments), (SELECT max(change_seq) FROM instruments),
        (SELECT count(*) FROM bookings), (SELECT max(updated_at) FROM bookings),
        (SELECT count(*) FROM booking_audit), (SELECT count(*) FROM import_runs)) AS f`.execute(db.db)
    ).rows[0].f;
  const instrumentCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM instruments`.execute(db.db)).rows[0].n);

  /** The answer's shape whatever the input: below 500, and a 4xx is a problem document. */
  function expectWellFormed(res: request.Response, what: string) {
    if (res.status >= 500) throw new Error(`${what} → ${res.status}: ${res.text.slice(0, 500)}`);
    if (res.status >= 400) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: res.status, title: expect.any(String) });
      expect(res.body.title.length).toBeGreaterThan(0);
    }
  }

  /** A write: well-formed answer, and when refused the database is exactly as before. */
  async function expectRefusalStoresNothing(what: string, send: () => Promise<request.Response>): Promise<request.Response> {
    const before = await fingerprint();
    const res = await send();
    expectWellFormed(res, what);
    if (res.status >= 400) expect(await fingerprint()).toBe(before);
    return res;
  }

  /** Percent-encodes every byte outside the unreserved set (lone surrogates become U+FFFD first, as a browser would send them). */
  const enc = (s: string) =>
    [...Buffer.from(s, 'utf8')]
      .map((b) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
      .join('');
  /** Header values Node's client can send at all (it refuses others before they leave). */
  const headerSafe = (s: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(s) && s.length < 8_000;
  const json = (body: unknown) => JSON.stringify(body);

  const tokenName = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('admin1') },
    { weight: 2, arbitrary: fc.constantFrom('admin', 'admin2', 'user', 'officer', 'none') },
  );
  const bearer = (name: string) => (name === 'none' ? undefined : tokens[name]);

  const localId = fc.stringMatching(/^[A-Z][A-Z0-9-]{2,16}$/);
  const validInstrument: fc.Arbitrary<Json> = fc
    .record({
      localId,
      name: fc.constantFrom('场发射扫描电子显微镜', '核磁共振波谱仪', '高效液相色谱仪', 'X射线衍射仪'),
      categoryCode: fc.constantFrom('0101', '0105', '0106'),
      valueCny: fc.integer({ min: 1, max: 50_000_000 }),
      fundingSource: fc.constantFrom('fiscal', 'state_capital', 'other'),
      confidentiality: fc.constantFrom({ status: 'none' }, { status: 'confidential' }),
      serviceModes: fc.subarray(['self_operated', 'operator_assisted', 'sample_submission'] as const),
      fee: fc.option(
        fc.record({
          unit: fc.constantFrom('hour', 'sample', 'day', 'item'),
          internalPriceCny: fc.integer({ min: 0, max: 5_000 }),
          externalPriceCny: fc.integer({ min: 0, max: 9_000 }),
        }),
        { nil: undefined },
      ),
      acceptanceDate: fc.constantFrom('2025-09-15', '2024-02-29', '2020-01-01'),
      dutyFreeImport: fc.option(fc.constantFrom({ declarationNo: '292020251000000009', releaseDate: '2025-06-01', supervisionYears: 3 }), { nil: undefined }),
      requiresOwnerApproval: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map((r) => JSON.parse(JSON.stringify(sem(r as Partial<InstrumentInput>))) as Json);
  const INSTRUMENT_DATES = ['acceptanceDate', 'provincialJoinDate', 'releaseDate', 'approvalDate'];

  it(
    'POST /instruments: valid and mutated bodies',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutatedBody(validInstrument, INSTRUMENT_DATES), tokenName, async ({ body }, who) => {
          const res = await expectRefusalStoresNothing('POST /instruments', () => {
            const r = request(gw.server).post('/api/v1/instruments').set('Content-Type', 'application/json');
            return (bearer(who) ? r.set('Authorization', `Bearer ${bearer(who)}`) : r).send(json(body));
          });
          if (res.status === 201)
            await request(gw.server)
              .get(`/api/v1/instruments/${enc(res.body.id)}`)
              .set('Authorization', `Bearer ${tokens.admin}`)
              .expect(200);
        }),
        fuzzParams(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'PUT /instruments/{id}: mutated bodies on existing, hidden and made-up ids',
    async () => {
      const target = fc.oneof(
        { weight: 4, arbitrary: fc.constant(id('PUT-1')) },
        { weight: 1, arbitrary: fc.constantFrom(id('SECRET-1'), id('NOPE-1'), 'jiaxing:', 'not-an-id') },
        { weight: 1, arbitrary: nastyString() },
      );
      const body = mutatedBody(
        validInstrument.map((b) => ({ ...b, localId: 'PUT-1' })),
        INSTRUMENT_DATES,
      );
      await fc.assert(
        fc.asyncProperty(target, body, tokenName, async (path, { body: b }, who) => {
          await expectRefusalStoresNothing(`PUT /instruments/${path}`, () => {
            const r = request(gw.server)
              .put(`/api/v1/instruments/${enc(path)}`)
              .set('Content-Type', 'application/json');
            return (bearer(who) ? r.set('Authorization', `Bearer ${bearer(who)}`) : r).send(json(b));
          });
        }),
        fuzzParams(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  const bookable = fc.constantFrom('SEM-1', 'DF-IN', 'OWNER-1', 'SECRET-1', 'NOPE-1').map(id);
  const validBooking = (minHours: number): fc.Arbitrary<Json> =>
    fc
      .tuple(
        bookable,
        instantAfter(now, minHours, 24 * 300),
        fc.integer({ min: 1, max: 72 }),
        fc.constantFrom('表征纳米颗粒形貌', 'XRD phase analysis', 'SEM imaging'),
        fc.option(fc.constantFrom('粉末样品 3 份', 'two thin films'), { nil: undefined }),
      )
      .map(([instrumentId, start, hours, purpose, sampleDescription]) => ({
        instrumentId,
        start: start.iso,
        end: isoAt(now, start.hours + hours, start.iso.slice(19)),
        purpose,
        ...(sampleDescription ? { sampleDescription } : {}),
      }));
  const idempotencyKey = fc.oneof(
    { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{8,40}$/) },
    { weight: 1, arbitrary: fc.option(nastyString().filter(headerSafe), { nil: undefined }) },
  );
  const book = (body: unknown, key: string | undefined, who: string) => {
    let r = request(gw.server).post('/api/v1/bookings').set('Content-Type', 'application/json');
    if (bearer(who)) r = r.set('Authorization', `Bearer ${bearer(who)}`);
    if (key !== undefined) r = r.set('Idempotency-Key', key);
    return r.send(typeof body === 'string' ? body : json(body));
  };
  const booker = fc.oneof({ weight: 4, arbitrary: fc.constant('user') }, { weight: 2, arbitrary: fc.constantFrom('admin1', 'admin', 'officer', 'none') });

  it(
    'POST /bookings: valid and mutated bodies, keys and callers',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutatedBody(validBooking(1), ['start', 'end']), idempotencyKey, booker, async ({ body }, key, who) => {
          await expectRefusalStoresNothing('POST /bookings', () => book(body, key, who));
        }),
        fuzzParams(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'POST /bookings: an accepted window is made of real instants, not in the past',
    async () => {
      const window = fc
        .tuple(instantAfter(now, -24 * 30, 24 * 300), fc.integer({ min: -2, max: 24 * 20 }))
        .map(([start, hours]) => ({ start: start.iso, end: isoAt(now, start.hours + hours, start.iso.slice(19)) }));
      const instants = fc
        .tuple(window, sometimes(dateLikeString()), sometimes(dateLikeString()))
        .map(([w, start, end]) => [start ?? w.start, end ?? w.end] as const);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(bookable, instants, async (instrumentId, [start, end]) => {
          const res = await expectRefusalStoresNothing('POST /bookings (dates)', () =>
            book({ instrumentId, start, end, purpose: 'XRD' }, `dates-${++n}-${Date.now()}`, 'user'),
          );
          const [s, e] = [strictInstant(start), strictInstant(end)];
          if (s === 'impossible' || e === 'impossible') expect(res.status).toBe(400);
          if (res.status < 300) {
            expect(s).toBeInstanceOf(Date);
            expect(e).toBeInstanceOf(Date);
            expect((s as Date).getTime()).toBeGreaterThanOrEqual(now.getTime() - 5 * 60_000);
            expect(new Date(res.body.window.start).getTime()).toBe((s as Date).getTime());
          }
        }),
        fuzzParams(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'booking decisions: cancel, owner approve/reject and customs approve/reject with mutated bodies',
    async () => {
      let n = 0;
      /** A fresh booking to decide on, in its own window so creating it never conflicts. */
      const fresh = async (kind: 'DECIDE-PLAIN' | 'DECIDE-DF' | 'DECIDE-OWNER'): Promise<string | undefined> => {
        const slot = 24 + (++n % 2_800) * 3;
        const res = await book(
          { instrumentId: id(kind), start: isoAt(now, slot, '+08:00'), end: isoAt(now, slot + 2, '+08:00'), purpose: 'XRD' },
          `decide-${n}-${kind}`,
          'user',
        );
        expect(res.status).toBe(201);
        return res.body.id;
      };
      const action = fc.constantFrom(
        'bookings/{id}/cancel',
        'bookings/{id}/approve',
        'bookings/{id}/reject',
        'customs/approvals/{id}/approve',
        'customs/approvals/{id}/reject',
      );
      const target = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('DECIDE-PLAIN', 'DECIDE-DF', 'DECIDE-OWNER') },
        { weight: 1, arbitrary: fc.oneof(fc.uuid(), nastyString()) },
      );
      const decider = fc.constantFrom('user', 'admin1', 'admin2', 'officer', 'admin', 'none');
      const validDecision = fc.record(
        { reference: fc.constantFrom('嘉关监〔2026〕88号', 'REF-1'), reason: fc.constantFrom('用途超出监管范围', 'sample not ready') },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(action, target, decider, mutatedBody(validDecision), async (path, which, who, { body }) => {
          const bookingId = which === 'DECIDE-PLAIN' || which === 'DECIDE-DF' || which === 'DECIDE-OWNER' ? await fresh(which) : which;
          const url = `/api/v1/${path.replace('{id}', enc(bookingId ?? ''))}`;
          await expectRefusalStoresNothing(`POST ${url}`, () => {
            const r = request(gw.server).post(url).set('Content-Type', 'application/json');
            return (bearer(who) ? r.set('Authorization', `Bearer ${bearer(who)}`) : r).send(json(body));
          });
        }),
        fuzzParams(0.5),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('refuses a reason with a NUL or other control character on cancel, owner and customs decisions with 400, storing nothing (found by this suite)', async () => {
    const fresh = async (localId: string, key: string) => {
      // Beyond the windows the properties book (at most 24 + 2,800 × 3 hours ahead), so it never conflicts with them.
      const start = isoAt(now, 24 * 360, '+08:00');
      return (await book({ instrumentId: id(localId), start, end: isoAt(now, 24 * 360 + 1, '+08:00'), purpose: 'XRD' }, key, 'user').expect(201)).body
        .id as string;
    };
    const cases: [string, string, Json][] = [
      ['user', `bookings/${await fresh('DECIDE-PLAIN', 'nul-reason-cancel')}/cancel`, { reason: 'sample\u0000not ready' }],
      ['admin1', `bookings/${await fresh('DECIDE-OWNER', 'nul-reason-owner')}/reject`, { reason: '\u0000' }],
      ['admin1', `bookings/${await fresh('DECIDE-OWNER', 'nul-reason-owner-2')}/approve`, { reason: 'ok\u0001' }],
      ['officer', `customs/approvals/${await fresh('DECIDE-DF', 'nul-reason-customs')}/reject`, { reference: 'REF-1', reason: '\u0000' }],
    ];
    for (const [who, url, body] of cases) {
      const before = await fingerprint();
      const res = await request(gw.server).post(`/api/v1/${url}`).set('Authorization', `Bearer ${tokens[who]}`).send(body);
      expectWellFormed(res, url);
      expect([url, res.status, res.body.violations?.[0]?.field]).toEqual([url, 400, 'reason']);
      expect(await fingerprint()).toBe(before);
    }
  });

  it(
    'POST /instruments/import: every row is stored or reported, and a refused file stores nothing',
    async () => {
      let n = 0;
      const cellEdit = fc.tuple(
        fc.nat({ max: 15 }),
        fc.oneof(nastyString(), fc.constantFrom('"', '","', '\n', '2027-02-30', '-5', '1e309', '财政资金', '涉密')),
      );
      const row = fc.tuple(fc.option(cellEdit, { nil: undefined }), fc.boolean()).map(([edit, escaped]) => {
        const cells = csvRow(sem({ localId: `IMP-${++n}`, categoryCode: '0105' })).split(',');
        if (edit) cells[edit[0]] = escaped ? `"${edit[1].replace(/"/g, '""')}"` : edit[1];
        return cells.join(',');
      });
      const file = fc.oneof(
        { weight: 4, arbitrary: fc.array(row, { minLength: 0, maxLength: 6 }).map((rows) => instrumentsCsv(rows)) },
        { weight: 1, arbitrary: fc.array(row, { maxLength: 3 }).chain((rows) => fc.nat({ max: 200 }).map((cut) => instrumentsCsv(rows).subarray(0, cut))) },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
        { weight: 1, arbitrary: nastyString().map((s) => Buffer.from(s, 'utf8')) },
      );
      const filename = fc.oneof(
        { weight: 6, arbitrary: fc.constant('register.csv') },
        { weight: 1, arbitrary: fc.constantFrom('register.xlsx', 'register.xls', 'noextension', '') },
        { weight: 1, arbitrary: nastyString().filter((s) => headerSafe(s) && !/["\r\n]/.test(s)) },
      );
      const field = fc.oneof({ weight: 5, arbitrary: fc.constant('file') }, { weight: 1, arbitrary: fc.constantFrom('upload', 'files', '') });
      await fc.assert(
        fc.asyncProperty(file, filename, field, tokenName, async (content, name, fieldName, who) => {
          const count = await instrumentCount();
          const res = await expectRefusalStoresNothing('POST /instruments/import', () => {
            const r = request(gw.server).post('/api/v1/instruments/import');
            return (bearer(who) ? r.set('Authorization', `Bearer ${bearer(who)}`) : r).attach(fieldName, content, name || 'x');
          });
          if (res.status === 200) {
            const { totalRows, created, updated, unchanged, rejected } = res.body;
            expect(created + updated + unchanged + rejected.length).toBe(totalRows);
            expect(await instrumentCount()).toBe(count + created);
          }
        }),
        fuzzParams(0.5),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'GET /instruments: random query strings',
    async () => {
      const VALID: Record<string, fc.Arbitrary<string>> = {
        q: fc.constantFrom('电镜', 'SEM', 'jsm7800f', 'ＪＳＭ－７８００Ｆ', '核磁 共振', 'microscope'),
        region: fc.constantFrom('jiaxing', 'shanghai', 'zhejiang'),
        city: fc.constantFrom('嘉兴市', '上海市'),
        category: fc.constantFrom('01', '0101', '010101'),
        unitId: fc.constantFrom('jx-u001', 'jx-u002'),
        serviceMode: fc.constantFrom('operator_assisted', 'sample_submission', 'self_operated'),
        customsGated: fc.constantFrom('true', 'false'),
        feeMax: fc.double({ min: 0, max: 1e6, noNaN: true }).map(String),
        near: fc
          .tuple(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }))
          .map(([a, b]) => `${a.toFixed(4)},${b.toFixed(4)}`),
        radiusKm: fc.double({ min: 0.1, max: 2000, noNaN: true }).map(String),
        sort: fc.constantFrom('relevance', 'distance', 'fee', 'freshness'),
        page: fc.integer({ min: 1, max: 10_000 }).map(String),
        pageSize: fc.integer({ min: 1, max: 100 }).map(String),
        cursor: fc.constantFrom('eyJwIjoxfQ', ''),
      };
      const KEYS = Object.keys(VALID);
      const odd = fc.oneof(
        fc.constantFrom('beijing', 'x1', 'yes', '-1', '0', '1e309', 'NaN', 'Infinity', '91,181', '30.75', '0.05', '2001', 'name', '101', '10001', '1.5'),
        fc.integer().map(String),
        fc.double().map(String),
        nastyString(),
      );
      const pair = fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...KEYS).chain((k) => fc.tuple(fc.constant(k), VALID[k])) },
        { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...KEYS), odd) },
        { weight: 1, arbitrary: fc.tuple(nastyString(), odd) },
      );
      const raw = fc.constantFrom(
        '',
        '&',
        '=',
        '==',
        'q',
        'q=%',
        'q=%ZZ',
        'q=%E4%B8',
        'region[]=jiaxing',
        'region[a]=1',
        'page=1&page=2',
        'q=a&q=b',
        'near=30.75,120.76&sort=distance',
        'sort=distance',
        'cursor=' + 'A'.repeat(501),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(pair, { maxLength: 5 }), sometimes(raw), fc.constantFrom('none', 'admin1'), async (pairs, extra, who) => {
          const qs = [...pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`), extra ?? ''].filter(Boolean).join('&');
          const r = request(gw.server).get(`/api/v1/instruments?${qs}`);
          const res = await (bearer(who) ? r.set('Authorization', `Bearer ${bearer(who)}`) : r);
          expectWellFormed(res, `GET /instruments?${qs}`);
          if (res.status === 200) {
            expect(Array.isArray(res.body.items)).toBe(true);
            expect(res.body.items.length).toBeLessThanOrEqual(100);
            expect(typeof res.body.total).toBe('number');
            expect(res.body.items.map((i: { id: string }) => i.id)).not.toContain(who === 'none' ? id('SECRET-1') : undefined);
          }
        }),
        fuzzParams(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'GET /instruments/{id}/availability: random ids and from/to',
    async () => {
      const instrument = fc.oneof({ weight: 3, arbitrary: bookable }, { weight: 1, arbitrary: nastyString() });
      const period = fc
        .tuple(instantAfter(now, -24 * 400, 24 * 400), fc.integer({ min: -24, max: 24 * 100 }))
        .map(([from, hours]) => ({ from: from.iso, to: isoAt(now, from.hours + hours, from.iso.slice(19)) }));
      const odd = sometimes(fc.oneof(dateLikeString(), fc.constant(undefined)));
      await fc.assert(
        fc.asyncProperty(instrument, period, odd, odd, async (instrumentId, p, oddFrom, oddTo) => {
          const [from, to] = [oddFrom === null ? p.from : oddFrom, oddTo === null ? p.to : oddTo];
          const qs = [from !== undefined ? `from=${enc(from)}` : '', to !== undefined ? `to=${enc(to)}` : ''].filter(Boolean).join('&');
          const res = await request(gw.server).get(`/api/v1/instruments/${enc(instrumentId)}/availability?${qs}`);
          expectWellFormed(res, `GET availability ${instrumentId}?${qs}`);
          if (res.status === 200) expect(Array.isArray(res.body.busy)).toBe(true);
          if (instrumentId === id('SECRET-1')) expect(res.status).not.toBe(200);
        }),
        fuzzParams(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'any route: raw bodies, content types and malformed headers',
    async () => {
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const authorization = fc
        .oneof(
          fc.constantFrom('admin1', 'admin', 'user').map((n) => `Bearer ${tokens[n]}`),
          fc.constantFrom(
            'Bearer',
            'Bearer ',
            'bearer x',
            'Basic YWRtaW46YWRtaW4=',
            'Bearer a.b.c',
            'Bearer ...',
            `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', roles: ['admin'] })}.`,
          ),
          fc.constantFrom('admin1', 'admin').map((n) => `Bearer ${tokens[n].slice(0, -3)}AAA`),
          fc.tuple(fc.string(), fc.string(), fc.string()).map(([a, b, c]) => `Bearer ${b64(a)}.${b64(b)}.${c}`),
          nastyString(),
        )
        .filter(headerSafe);
      const contentType = fc.oneof(
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-16',
          'application/problem+json',
          'text/plain',
          'text/csv',
          'application/x-www-form-urlencoded',
          'multipart/form-data',
          'multipart/form-data; boundary=x',
          'application/octet-stream',
          '*/*',
          ';',
          'application/json;;;',
        ),
        nastyString().filter(headerSafe),
      );
      const body = fc.oneof(
        nastyString(),
        anyJsonValue().map((v) => JSON.stringify(v) ?? ''),
        fc.constantFrom(
          '{',
          '{"a":',
          '[]',
          '"x"',
          'null',
          '{"__proto__":{"admin":true}}',
          '{"constructor":{"prototype":{"x":1}}}',
          '\uFEFF{}',
          '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n仪器编号\r\n--x--',
        ),
      );
      const route = fc.constantFrom<[string, string]>(
        ['post', '/api/v1/instruments'],
        ['put', `/api/v1/instruments/${id('PUT-1')}`],
        ['delete', `/api/v1/instruments/${id('NOPE-1')}`],
        ['post', '/api/v1/instruments/import'],
        ['post', '/api/v1/bookings'],
        ['get', '/api/v1/bookings'],
        ['post', '/api/v1/bookings/00000000-0000-0000-0000-000000000000/cancel'],
        ['post', '/api/v1/customs/approvals/x/approve'],
        ['get', '/api/v1/instruments'],
        ['get', `/api/v1/instruments/${id('SEM-1')}`],
        ['get', '/api/v1/units'],
        ['get', '/api/v1/federation/sources'],
        ['post', '/api/v1/federation/sources/x/pause'],
        ['patch', '/api/v1/instruments'],
        ['get', '/health/ready'],
      );
      const extraHeaders = fc.dictionary(
        fc.constantFrom('Idempotency-Key', 'X-Request-Id', 'Accept', 'Accept-Language', 'Content-Encoding', 'X-Forwarded-For', 'Origin'),
        nastyString().filter(headerSafe),
        { maxKeys: 3 },
      );
      await fc.assert(
        fc.asyncProperty(
          route,
          fc.option(authorization, { nil: undefined }),
          contentType,
          body,
          extraHeaders,
          async ([method, path], auth, type, payload, headers) => {
            await expectRefusalStoresNothing(`${method.toUpperCase()} ${path} (${type})`, async () => {
              let r = (request(gw.server) as any)[method](path) as request.Test;
              if (auth !== undefined) r = r.set('Authorization', auth);
              // A Transfer-Encoding header would make the client itself reframe the body.
              for (const [k, v] of Object.entries(headers)) if (k !== 'Transfer-Encoding') r = r.set(k, v);
              return method === 'get' ? r : r.set('Content-Type', type).send(payload);
            });
          },
        ),
        fuzzParams(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('still answers its health checks after all of it', async () => {
    await request(gw.server).get('/health/live').expect(200);
    await request(gw.server).get('/health/ready').expect(200);
    await request(gw.server)
      .get(`/api/v1/instruments/${id('SEM-1')}`)
      .expect(200);
  });
});
