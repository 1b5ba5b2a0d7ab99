import * as grpc from '@grpc/grpc-js';
import { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SeedCatalogUseCase } from '@app/catalog';
import {
  BookingServiceService,
  CancelBookingRequest,
  CatalogServiceService,
  CheckAvailabilityRequest,
  CreateBookingRequest,
  CreateBookingResponse,
  GetBookingRequest,
  GetInstrumentRequest,
  GetInstrumentResponse,
  ListChangesRequest,
  ListChangesResponse,
  SearchInstrumentsRequest,
  SearchInstrumentsResponse,
} from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { DATABASE, sql, type Database } from '@app/persistence';
import { generateCatalog } from '@app/seed';
import { PARTNER_IN_TOKEN } from '../support/federation';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';
import { nastyString, sometimes } from './arbitraries';
import { fuzzParams, PROPERTY_TIMEOUT_MS, FUZZ_GATEWAY_ENV } from './fuzz-settings';

/** What a message codec needs: the generated ts-proto message objects all have these. */
interface Codec<T> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
  decode(input: BinaryReader | Uint8Array, length?: number): T;
}

const METHODS = {
  getInstrument: { path: CatalogServiceService.getInstrument.path, request: GetInstrumentRequest as Codec<unknown>, stream: false },
  searchInstruments: { path: CatalogServiceService.searchInstruments.path, request: SearchInstrumentsRequest as Codec<unknown>, stream: false },
  listChanges: { path: CatalogServiceService.listChanges.path, request: ListChangesRequest as Codec<unknown>, stream: true },
  checkAvailability: { path: BookingServiceService.checkAvailability.path, request: CheckAvailabilityRequest as Codec<unknown>, stream: false },
  createBooking: { path: BookingServiceService.createBooking.path, request: CreateBookingRequest as Codec<unknown>, stream: false },
  cancelBooking: { path: BookingServiceService.cancelBooking.path, request: CancelBookingRequest as Codec<unknown>, stream: false },
  getBooking: { path: BookingServiceService.getBooking.path, request: GetBookingRequest as Codec<unknown>, stream: false },
} as const;
type Method = keyof typeof METHODS;

/** Statuses that mean the server broke rather than refused (the contract: "never INTERNAL"). */
const BROKEN = new Set([grpc.status.INTERNAL, grpc.status.UNKNOWN]);

interface Answer {
  code: grpc.status;
  details: string;
  messages: Buffer[];
}

/**
 * Issue 15: random and mutated valid messages, and raw bytes, to the
 * gateway's CatalogService and BookingService never get INTERNAL or
 * UNKNOWN, never crash it, and a refused CreateBooking/CancelBooking stores
 * nothing.
 */
describe('gRPC fuzz: random, mutated and raw messages never get INTERNAL and refusals store nothing', () => {
  let gw: TestGateway;
  let db: Database;
  let client: grpc.Client;
  let now: Date;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-grpc-'));
  const id = (localId: string) => localInstrumentId('jx-u001', localId);
  const TOKEN = PARTNER_IN_TOKEN('shanghai');
  /** Ids of instruments that exist (filled at start), beside made-up ones. */
  const knownIds = [id('SEM-1'), id('DF-IN'), id('OWNER-1'), id('SECRET-1')];

  beforeAll(async () => {
    const partners = path.join(dir, 'partners.json');
    fs.writeFileSync(
      partners,
      JSON.stringify([
        {
          id: 'shanghai',
          region: 'shanghai',
          protocol: 'grpc',
          address: '127.0.0.1:1',
          inboundToken: TOKEN,
          outboundToken: 'unused-outbound-token-0000',
          pullIntervalMs: 3_600_000,
        },
      ]),
    );
    gw = await startTestGateway('embedded', { ...FUZZ_GATEWAY_ENV, PARTNERS_FILE: partners, GRPC_PORT: '0' });
    now = gw.clock.now();
    await gw.seed(JX_UNITS, [
      sem({ localId: 'SEM-1' }),
      sem({ localId: 'SECRET-1', confidentiality: { status: 'confidential' } }),
      sem({ localId: 'DF-IN', dutyFreeImport: { declarationNo: '292020251000000001', releaseDate: '2025-06-01', supervisionYears: 3 } }),
      sem({ localId: 'OWNER-1', requiresOwnerApproval: true }),
      sem({ localId: 'CANCEL-1' }),
    ]);
    // Provincial records are served to partners too (SearchInstruments, GetInstrument).
    const zhejiang = generateCatalog({ region: 'zhejiang', count: 20, seed: 7 });
    await gw.app.get(SeedCatalogUseCase).execute({ region: 'zhejiang', sourcePlatform: 'zhejiang', units: zhejiang.units, instruments: zhejiang.instruments });
    knownIds.push(...zhejiang.instruments.slice(0, 5).map((i) => `zhejiang:${i.localId}`));
    db = gw.app.get<Database>(DATABASE);
    client = new grpc.Client(`127.0.0.1:${await startGrpc(gw.app)}`, grpc.credentials.createInsecure());
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await gw?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const fingerprint = async () =>
    (
      await sql<{
        f: string;
      }>`SELECT concat_ws('|', (SELECT count(*) FROM bookings), (SELECT max(updated_at) FROM bookings), (SELECT count(*) FROM booking_audit), (SELECT max(change_seq) FROM instruments)) AS f`.execute(
        db.db,
      )
    ).rows[0].f;

  const AUTH = `Bearer ${TOKEN}`;
  /** The tokens that name our partner: the bearer scheme is case-insensitive, spacing free. */
  const authentic = (auth: string | null) => auth === AUTH || auth === `bearer  ${TOKEN}`;
  const metadata = (token: string | null) => {
    const m = new grpc.Metadata();
    if (token !== null) m.set('authorization', token);
    return m;
  };

  /** One call with bytes as they are (identity serializer), so anything can be sent. */
  function call(method: Method, bytes: Uint8Array, token: string | null = AUTH): Promise<Answer> {
    const { path: route, stream } = METHODS[method];
    const identity = (b: Buffer) => b;
    const options = { deadline: Date.now() + 15_000 };
    return new Promise((resolve) => {
      const messages: Buffer[] = [];
      if (!stream) {
        client.makeUnaryRequest(route, identity, identity, Buffer.from(bytes), metadata(token), options, (error, response) =>
          resolve(error ? { code: error.code, details: error.details, messages } : { code: grpc.status.OK, details: '', messages: [response!] }),
        );
        return;
      }
      const s = client.makeServerStreamRequest(route, identity, identity, Buffer.from(bytes), metadata(token), options);
      // The status can arrive before the last messages are read: an OK answer is complete at 'end'.
      let status: grpc.StatusObject | undefined;
      let ended = false;
      const done = () => status && (ended || status.code !== grpc.status.OK) && resolve({ code: status.code, details: status.details, messages });
      s.on('data', (m: Buffer) => messages.push(m));
      s.on('error', () => undefined);
      s.on('end', () => ((ended = true), done()));
      s.on('status', (st: grpc.StatusObject) => ((status = st), done()));
    });
  }
  const encode = <T>(codec: Codec<T>, message: T) => codec.encode(message).finish();

  function expectNotBroken(answer: Answer, what: string) {
    if (BROKEN.has(answer.code)) throw new Error(`${what} → ${grpc.status[answer.code]}: ${answer.details}`);
  }

  /** A google.protobuf.Timestamp as raw fields, so values the typed encoder cannot express go out too. */
  interface RawTimestamp {
    seconds: string;
    nanos: number;
  }
  const tsOf = (d: Date): RawTimestamp => ({ seconds: String(Math.floor(d.getTime() / 1000)), nanos: (d.getTime() % 1000) * 1_000_000 });
  function writeTimestamp(w: BinaryWriter, field: number, t: RawTimestamp | undefined) {
    if (!t) return;
    w.uint32((field << 3) | 2).fork();
    if (t.seconds !== '0') w.uint32(8).int64(t.seconds);
    if (t.nanos !== 0) w.uint32(16).int32(t.nanos);
    w.join();
  }
  /** Timestamps near the test day, and out of range ones (INVALID_ARGUMENT). */
  const timestamp = (): fc.Arbitrary<RawTimestamp | undefined> => {
    const near = fc.integer({ min: -24 * 400, max: 24 * 400 }).map((h) => tsOf(new Date(now.getTime() + h * 3_600_000)));
    const edge = fc.oneof(
      fc.record({ seconds: fc.constantFrom('0', '-1', '-62135596800', '253402300799'), nanos: fc.constantFrom(0, 1, 999_999_999) }),
      fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }).map((s) => ({ seconds: String(s), nanos: 0 })),
    );
    const outOfRange = fc.record({
      seconds: fc.constantFrom(String(2n ** 62n), String(-(2n ** 62n)), '253402300800', '-62135596801', String(2n ** 63n - 1n)),
      nanos: fc.constantFrom(0, 1_999_999_999, -1, 1_000_000_000, -2_147_483_648),
    });
    const inRange = edge.filter((t) => Math.abs(Number(t.seconds) * 1000) < 8.64e15 && Number(t.seconds) >= -62135596800 && Number(t.seconds) <= 253402300799);
    return fc.oneof({ weight: 6, arbitrary: near }, { weight: 2, arbitrary: fc.oneof(inRange, outOfRange) }, { weight: 1, arbitrary: fc.constant(undefined) });
  };

  const instrumentIds = fc.oneof(
    { weight: 4, arbitrary: fc.constant(null).chain(() => fc.constantFrom(...knownIds, id('NOPE-1'), 'shanghai:SH-000001', 'zhejiang:ZJ-1')) },
    { weight: 2, arbitrary: nastyString() },
  );
  const text = (valid: string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: nastyString() });
  const int32 = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.constantFrom(-(2 ** 31), 2 ** 31 - 1, 0));
  const token = fc.oneof(
    { weight: 8, arbitrary: fc.constant(AUTH) },
    { weight: 1, arbitrary: fc.constantFrom(null, '', 'Bearer', `Bearer ${PARTNER_IN_TOKEN('jiangsu')}`, `Basic ${TOKEN}`, `bearer  ${TOKEN}`) },
    { weight: 1, arbitrary: nastyString().filter((s) => /^[\x20-\x7e]*$/.test(s)) },
  );

  it(
    'CatalogService.GetInstrument: random ids; a confidential one is NOT_FOUND like a missing one',
    async () => {
      await fc.assert(
        fc.asyncProperty(instrumentIds, token, async (instrumentId, auth) => {
          const answer = await call('getInstrument', encode(GetInstrumentRequest, { id: instrumentId }), auth);
          expectNotBroken(answer, `GetInstrument ${JSON.stringify(instrumentId)}`);
          if (answer.code === grpc.status.OK) expect(GetInstrumentResponse.decode(answer.messages[0]).instrument?.id).toBe(instrumentId);
          if (!authentic(auth)) expect(answer.code).toBe(grpc.status.UNAUTHENTICATED);
          else if (instrumentId === id('SECRET-1')) expect(answer.code).toBe(grpc.status.NOT_FOUND);
        }),
        fuzzParams(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'CatalogService.SearchInstruments: random queries, filters, sizes and page tokens',
    async () => {
      const request = fc.record({
        query: text(['电镜', 'SEM', 'JSM-7800F', '']),
        regions: fc.array(text(['jiaxing', 'zhejiang', 'shanghai', 'beijing']), { maxLength: 3 }),
        categoryPrefix: text(['', '01', '0101', 'x1']),
        pageSize: int32,
        pageToken: text(['']),
      });
      await fc.assert(
        fc.asyncProperty(request, token, sometimes(text(['电镜', 'NMR'])), async (req, auth, otherQuery) => {
          const answer = await call('searchInstruments', encode(SearchInstrumentsRequest, req), auth);
          expectNotBroken(answer, `SearchInstruments ${JSON.stringify(req)}`);
          if (answer.code !== grpc.status.OK) return;
          const page = SearchInstrumentsResponse.decode(answer.messages[0]);
          expect(page.instruments.map((i) => i.id)).not.toContain(id('SECRET-1'));
          if (!page.nextPageToken) return;
          // The token goes on with the same query; with another one the contract says INVALID_ARGUMENT.
          const query = otherQuery === null ? req.query : otherQuery;
          const next = await call('searchInstruments', encode(SearchInstrumentsRequest, { ...req, query, pageToken: page.nextPageToken }), auth);
          expectNotBroken(next, 'SearchInstruments next page');
          expect(next.code).toBe(query === req.query ? grpc.status.OK : grpc.status.INVALID_ARGUMENT);
        }),
        fuzzParams(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'CatalogService.ListChanges: random and mutated cursors and sizes; confidential records never leave',
    async () => {
      const first = await call('listChanges', encode(ListChangesRequest, { cursor: '', maxChanges: 2 }));
      expect(first.code).toBe(grpc.status.OK);
      const events = (answer: Answer) => answer.messages.map((m) => ListChangesResponse.decode(m).event);
      const cursors = events(first)
        .map((e) => (e?.$case === 'change' ? e.change.cursor : e?.end.nextCursor))
        .filter((c): c is string => !!c);
      expect(cursors.length).toBeGreaterThan(0);
      const cursor = fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom('', ...cursors) },
        {
          weight: 2,
          arbitrary: fc
            .tuple(fc.constantFrom(...cursors), fc.nat(), fc.string({ unit: 'binary', maxLength: 3 }))
            .map(([c, cut, tail]) => c.slice(0, cut % (c.length + 1)) + tail),
        },
        { weight: 1, arbitrary: nastyString() },
      );
      await fc.assert(
        fc.asyncProperty(cursor, int32, token, async (c, maxChanges, auth) => {
          const answer = await call('listChanges', encode(ListChangesRequest, { cursor: c, maxChanges }), auth);
          expectNotBroken(answer, `ListChanges ${JSON.stringify({ c, maxChanges })}`);
          const ids = events(answer).map((e) => (e?.$case === 'change' ? e.change.instrumentId : undefined));
          expect(ids).not.toContain(id('SECRET-1'));
          if (answer.code === grpc.status.OK) expect(events(answer).at(-1)?.$case).toBe('end');
        }),
        fuzzParams(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  /** CheckAvailability with raw timestamps. */
  const availabilityBytes = (instrumentId: string, from: RawTimestamp | undefined, to: RawTimestamp | undefined) => {
    const w = CheckAvailabilityRequest.encode({ instrumentId, from: undefined, to: undefined });
    writeTimestamp(w, 2, from);
    writeTimestamp(w, 3, to);
    return w.finish();
  };

  it(
    'BookingService.CheckAvailability: random ids and timestamps; an id that is no instrument id is INVALID_ARGUMENT',
    async () => {
      const ids = instrumentIds;
      await fc.assert(
        fc.asyncProperty(ids, timestamp(), timestamp(), token, async (instrumentId, from, to, auth) => {
          const answer = await call('checkAvailability', availabilityBytes(instrumentId, from, to), auth);
          expectNotBroken(answer, `CheckAvailability ${JSON.stringify({ instrumentId, from, to })}`);
          if (answer.code === grpc.status.OK) expect(instrumentId).not.toBe(id('SECRET-1'));
          if (!instrumentId.includes(':') && answer.code !== grpc.status.UNAUTHENTICATED && from && to)
            expect([grpc.status.INVALID_ARGUMENT]).toContain(answer.code);
        }),
        fuzzParams(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  let keys = 0;
  const createBytes = (req: Omit<CreateBookingRequest, 'window'>, window: { start?: RawTimestamp; end?: RawTimestamp } | undefined) => {
    const w = CreateBookingRequest.encode({ ...req, window: undefined });
    if (window) {
      w.uint32(26).fork();
      writeTimestamp(w, 1, window.start);
      writeTimestamp(w, 2, window.end);
      w.join();
    }
    return w.finish();
  };
  const validCreate = () =>
    fc.record({
      idempotencyKey: fc.constant(null).map(() => `fuzz-grpc-${++keys}`),
      instrumentId: fc.constantFrom(id('SEM-1'), id('DF-IN'), id('OWNER-1'), id('SECRET-1'), id('NOPE-1')),
      requester: fc.record({
        pseudonymousId: fc.constantFrom('sh-user-42', 'sh.u:7'),
        unitId: fc.constantFrom('sh-u001', ''),
        unitName: fc.constantFrom('', '上海交通大学'),
      }),
      purpose: fc.constantFrom('XRD', '表征纳米颗粒形貌'),
      sampleDescription: fc.constantFrom('', '粉末样品 3 份'),
    });
  /** Each field valid or replaced by a nasty value, the requester or window sometimes missing. */
  const mutatedCreate = () =>
    fc
      .tuple(
        validCreate(),
        sometimes(nastyString()),
        sometimes(instrumentIds),
        sometimes(nastyString()),
        sometimes(nastyString()),
        sometimes(nastyString()),
        sometimes(nastyString()),
        sometimes(fc.constant(undefined)),
      )
      .map(([v, key, instrumentId, pseudonym, unitId, purpose, sample, noRequester]) => ({
        idempotencyKey: key ?? v.idempotencyKey,
        instrumentId: instrumentId ?? v.instrumentId,
        requester:
          noRequester === null
            ? { pseudonymousId: pseudonym ?? v.requester.pseudonymousId, unitId: unitId ?? v.requester.unitId, unitName: v.requester.unitName }
            : undefined,
        purpose: purpose ?? v.purpose,
        sampleDescription: sample ?? v.sampleDescription,
      }));
  const window = () =>
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .tuple(fc.integer({ min: -24 * 30, max: 24 * 300 }), fc.integer({ min: -2, max: 72 }))
          .map(([h, d]) => ({ start: tsOf(new Date(now.getTime() + h * 3_600_000)), end: tsOf(new Date(now.getTime() + (h + d) * 3_600_000)) })),
      },
      { weight: 1, arbitrary: fc.record({ start: timestamp(), end: timestamp() }) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );

  it(
    'BookingService.CreateBooking: valid and mutated messages; a refusal stores nothing, an accepted window is not in the past',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutatedCreate(), window(), token, async (req, w, auth) => {
          const before = await fingerprint();
          const answer = await call('createBooking', createBytes(req, w), auth);
          expectNotBroken(answer, `CreateBooking ${JSON.stringify({ req, w })}`);
          if (answer.code !== grpc.status.OK) {
            expect(await fingerprint()).toBe(before);
            return;
          }
          const booking = CreateBookingResponse.decode(answer.messages[0]).booking!;
          expect(booking.instrumentId).toBe(req.instrumentId);
          expect(booking.window!.start!.getTime()).toBeGreaterThanOrEqual(now.getTime() - 5 * 60_000);
        }),
        fuzzParams(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('BookingService.CreateBooking: a requester unit id with a NUL or over 128 characters is INVALID_ARGUMENT and stores nothing (found by this suite)', async () => {
    const w = { start: tsOf(new Date(now.getTime() + 500 * 3_600_000)), end: tsOf(new Date(now.getTime() + 501 * 3_600_000)) };
    for (const [i, unitId] of ['sh-u\u0000001', '\u0000'.repeat(300), 'u'.repeat(129)].entries()) {
      const before = await fingerprint();
      const answer = await call(
        'createBooking',
        createBytes(
          {
            idempotencyKey: `unit-id-${i}-check`,
            instrumentId: id('SEM-1'),
            requester: { pseudonymousId: 'sh-user-1', unitId, unitName: '' },
            purpose: 'XRD',
            sampleDescription: '',
          },
          w,
        ),
      );
      expect([answer.code, answer.details]).toEqual([grpc.status.INVALID_ARGUMENT, expect.stringContaining('requester.unit_id')]);
      expect(await fingerprint()).toBe(before);
    }
  });

  it('BookingService.CreateBooking: an overlap is FAILED_PRECONDITION and a key reused for another request ALREADY_EXISTS (contract; found by this suite)', async () => {
    const at = (h: number) => tsOf(new Date(now.getTime() + h * 3_600_000));
    const req = (key: string, purpose = 'XRD') => ({
      idempotencyKey: key,
      instrumentId: id('CANCEL-1'),
      requester: { pseudonymousId: 'sh-user-3', unitId: 'sh-u001', unitName: '' },
      purpose,
      sampleDescription: '',
    });
    // Beyond the windows the properties book, so only these two meet.
    expect((await call('createBooking', createBytes(req('overlap-first'), { start: at(24 * 361), end: at(24 * 361 + 2) }))).code).toBe(grpc.status.OK);
    const overlap = await call('createBooking', createBytes(req('overlap-second'), { start: at(24 * 361 + 1), end: at(24 * 361 + 3) }));
    const reused = await call('createBooking', createBytes(req('overlap-first', 'another purpose'), { start: at(24 * 361), end: at(24 * 361 + 2) }));
    const [overlapCode, reusedCode] = [grpc.status.FAILED_PRECONDITION, grpc.status.ALREADY_EXISTS];
    expect([overlap.code, reused.code]).toEqual([overlapCode, reusedCode]);
  });

  it('BookingService.CancelBooking: a reason with a NUL is INVALID_ARGUMENT and stores nothing (found by this suite)', async () => {
    // Beyond the windows the properties book (at most 24 + 2,800 × 3 hours ahead), so it never conflicts with them.
    const w = { start: tsOf(new Date(now.getTime() + 24 * 360 * 3_600_000)), end: tsOf(new Date(now.getTime() + (24 * 360 + 1) * 3_600_000)) };
    const created = await call(
      'createBooking',
      createBytes(
        {
          idempotencyKey: 'nul-reason-cancel',
          instrumentId: id('CANCEL-1'),
          requester: { pseudonymousId: 'sh-user-1', unitId: 'sh-u001', unitName: '' },
          purpose: 'XRD',
          sampleDescription: '',
        },
        w,
      ),
    );
    expect(created.code).toBe(grpc.status.OK);
    const before = await fingerprint();
    const answer = await call(
      'cancelBooking',
      encode(CancelBookingRequest, { bookingId: CreateBookingResponse.decode(created.messages[0]).booking!.id, reason: 'not\u0000ready' }),
    );
    expect([answer.code, answer.details]).toEqual([grpc.status.INVALID_ARGUMENT, expect.stringContaining('reason')]);
    expect(await fingerprint()).toBe(before);
  });

  it('answers an unknown booking id of 60 kB with NOT_FOUND, and the channel keeps serving (found by this suite)', async () => {
    // The id came back in the status message: 180 kB of percent-encoded trailer, which the client never accepted.
    const answer = await call('getBooking', encode(GetBookingRequest, { bookingId: '长'.repeat(20_000) }));
    expect(answer.code).toBe(grpc.status.NOT_FOUND);
    expect(Array.from(answer.details).length).toBeLessThanOrEqual(1_000);
    expect((await call('getInstrument', encode(GetInstrumentRequest, { id: id('SEM-1') }))).code).toBe(grpc.status.OK);
  }, 40_000);

  it(
    'BookingService.CancelBooking and GetBooking: own, fresh and made-up ids, random reasons; a refusal stores nothing',
    async () => {
      let slot = 0;
      const fresh = async () => {
        const h = 24 + (++slot % 2_800) * 3;
        const answer = await call(
          'createBooking',
          createBytes(
            {
              idempotencyKey: `fuzz-cancel-${slot}`,
              instrumentId: id('CANCEL-1'),
              requester: { pseudonymousId: 'sh-user-1', unitId: 'sh-u001', unitName: '' },
              purpose: 'XRD',
              sampleDescription: '',
            },
            { start: tsOf(new Date(now.getTime() + h * 3_600_000)), end: tsOf(new Date(now.getTime() + (h + 2) * 3_600_000)) },
          ),
        );
        expect(answer.code).toBe(grpc.status.OK);
        return CreateBookingResponse.decode(answer.messages[0]).booking!.id;
      };
      const bookingId = fc.oneof({ weight: 3, arbitrary: fc.constant('fresh') }, { weight: 1, arbitrary: fc.oneof(fc.uuid(), nastyString()) });
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<Method>('cancelBooking', 'getBooking'),
          bookingId,
          text(['', 'sample not ready']),
          token,
          async (method, which, reason, auth) => {
            const target = which === 'fresh' ? await fresh() : which;
            const bytes =
              method === 'cancelBooking' ? encode(CancelBookingRequest, { bookingId: target, reason }) : encode(GetBookingRequest, { bookingId: target });
            const before = await fingerprint();
            const answer = await call(method, bytes, auth);
            expectNotBroken(answer, `${method} ${JSON.stringify({ target, reason })}`);
            if (answer.code !== grpc.status.OK || method === 'getBooking') expect(await fingerprint()).toBe(before);
          },
        ),
        fuzzParams(0.5),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'raw bytes: random, truncated, extended and bit-flipped messages to every method',
    async () => {
      const valid: Record<Method, Uint8Array> = {
        getInstrument: encode(GetInstrumentRequest, { id: id('SEM-1') }),
        searchInstruments: encode(SearchInstrumentsRequest, { query: '电镜', regions: ['jiaxing'], categoryPrefix: '01', pageSize: 5, pageToken: '' }),
        listChanges: encode(ListChangesRequest, { cursor: '', maxChanges: 3 }),
        checkAvailability: availabilityBytes(id('SEM-1'), tsOf(now), tsOf(new Date(now.getTime() + 86_400_000))),
        createBooking: createBytes(
          {
            idempotencyKey: 'raw-fuzz-0001',
            instrumentId: id('SEM-1'),
            requester: { pseudonymousId: 'sh-user-9', unitId: 'sh-u001', unitName: '' },
            purpose: 'XRD',
            sampleDescription: '',
          },
          { start: tsOf(new Date(now.getTime() + 400 * 3_600_000)), end: tsOf(new Date(now.getTime() + 401 * 3_600_000)) },
        ),
        cancelBooking: encode(CancelBookingRequest, { bookingId: '00000000-0000-0000-0000-000000000000', reason: '' }),
        getBooking: encode(GetBookingRequest, { bookingId: '00000000-0000-0000-0000-000000000000' }),
      };
      const method = fc.constantFrom(...(Object.keys(METHODS) as Method[]));
      const bytes = (m: Method) =>
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc.nat({ max: valid[m].length }).map((cut) => valid[m].subarray(0, cut)),
          fc.uint8Array({ maxLength: 16 }).map((tail) => Buffer.concat([valid[m], tail])),
          fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })).map(([at, bit]) => {
            const copy = Buffer.from(valid[m]);
            if (copy.length > 0) copy[at % copy.length] ^= 1 << bit;
            return copy;
          }),
        );
      const input = method.chain((m) => fc.tuple(fc.constant(m), bytes(m)));
      await fc.assert(
        fc.asyncProperty(input, token, async ([m, b], auth) => {
          const before = await fingerprint();
          const answer = await call(m, b, auth);
          expectNotBroken(answer, `${m} raw ${Buffer.from(b).toString('hex')}`);
          if (answer.code !== grpc.status.OK) expect(await fingerprint()).toBe(before);
        }),
        fuzzParams(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('still serves after all of it', async () => {
    const answer = await call('getInstrument', encode(GetInstrumentRequest, { id: id('SEM-1') }));
    expect(answer.code).toBe(grpc.status.OK);
    expect(GetInstrumentResponse.decode(answer.messages[0]).instrument?.id).toBe(id('SEM-1'));
  });
});
