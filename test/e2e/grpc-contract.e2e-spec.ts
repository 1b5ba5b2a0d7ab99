import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import request from 'supertest';
import {
  BookingServiceClient,
  CatalogServiceClient,
  Sector,
  UnitKind,
  type Instrument,
  type PushChangesResponse,
  type SearchInstrumentsRequest,
  type SearchInstrumentsResponse,
} from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { startProvinceSim, type ProvinceSim } from '../../apps/province-sim/src/province-sim';
import { eventually, PARTNER_IN_TOKEN } from '../support/federation';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

/**
 * The edges of the partner contract over real gRPC on loopback: records
 * synced from the Zhejiang provincial platform (whose units have no kind or
 * sector), bytes no client library would send, page tokens and pushed
 * cursors — each answered with the status proto/ documents, never INTERNAL.
 */

const PROVINCE_TOKEN = 'gateway-to-province-0123456789';
const PARTNER = PARTNER_IN_TOKEN('shanghai');

describe('gRPC contract edges (Zhejiang records, malformed requests, page tokens, pushed cursors)', () => {
  let sim: ProvinceSim;
  let gw: TestGateway;
  let address: string;
  const instrumentId = localInstrumentId('jx-u001', 'JX-SEM-001');

  beforeAll(async () => {
    sim = await startProvinceSim({ token: PROVINCE_TOKEN, count: 80, seed: 7 });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'partners-grpc-')), 'partners.json');
    fs.writeFileSync(
      file,
      JSON.stringify([
        {
          id: 'zhejiang',
          region: 'zhejiang',
          protocol: 'openapi',
          address: sim.url,
          inboundToken: 'province-to-gateway-0123456789',
          outboundToken: PROVINCE_TOKEN,
          pullIntervalMs: 300,
          deadlineMs: 3_000,
        },
        // Only its token matters here: it is never pulled during the suite.
        {
          id: 'shanghai',
          region: 'shanghai',
          protocol: 'grpc',
          address: '127.0.0.1:1',
          inboundToken: PARTNER,
          outboundToken: 'unused-outbound-token-0000',
          pullIntervalMs: 3_600_000,
        },
      ]),
    );
    gw = await startTestGateway('embedded', { PARTNERS_FILE: file, GRPC_PORT: '0' });
    await gw.seed(JX_UNITS, [sem()]);
    address = `127.0.0.1:${await startGrpc(gw.app)}`;
    const monitor = await gw.token('drc_monitor');
    const zhejiang = async () => {
      const sources = (await request(gw.server).get('/api/v1/federation/sources').set('Authorization', `Bearer ${monitor}`).expect(200)).body.items as any[];
      const listed = (await request(gw.server).get('/api/v1/instruments').query({ region: 'zhejiang', pageSize: 1 }).expect(200)).body.total;
      return { source: sources.find((s) => s.id === 'zhejiang'), listed };
    };
    await eventually(zhejiang, ({ source, listed }) => source.status === 'ok' && source.records > 0 && listed === source.records, 60_000);
  }, 90_000);
  afterAll(async () => {
    await gw?.close();
    await sim?.close();
  }, 30_000);

  const auth = () => {
    const m = new grpc.Metadata();
    m.set('authorization', `Bearer ${PARTNER}`);
    return m;
  };
  const options = () => ({ deadline: Date.now() + 10_000 });
  const catalog = () => new CatalogServiceClient(address, grpc.credentials.createInsecure());
  const search = (req: Partial<SearchInstrumentsRequest>) =>
    new Promise<SearchInstrumentsResponse>((resolve, reject) =>
      catalog().searchInstruments({ query: '', regions: [], categoryPrefix: '', pageSize: 0, pageToken: '', ...req }, auth(), options(), (e, r) =>
        e ? reject(e) : resolve(r!),
      ),
    );
  const getInstrument = (id: string) =>
    new Promise<Instrument>((resolve, reject) => catalog().getInstrument({ id }, auth(), options(), (e, r) => (e ? reject(e) : resolve(r!.instrument!))));
  /** A unary call with bytes exactly as given: what a buggy or hostile client can send. */
  const raw = (method: string, bytes: Uint8Array) =>
    new Promise<grpc.ServiceError>((resolve, reject) => {
      const client = new grpc.Client(address, grpc.credentials.createInsecure());
      client.makeUnaryRequest(
        method,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from(bytes),
        auth(),
        options(),
        (e) => {
          client.close();
          if (e) resolve(e);
          else reject(new Error(`${method} answered OK`));
        },
      );
    });

  describe('Zhejiang records (unit kind and sector not known) over gRPC (issue 16.1)', () => {
    it('are served by SearchInstruments, on every page, with kind and sector UNSPECIFIED', async () => {
      const ids: string[] = [];
      let first: SearchInstrumentsResponse | undefined;
      for (let token = '', pages = 0; pages === 0 || token !== ''; pages++) {
        const page = await search({ regions: ['zhejiang'], pageSize: 25, pageToken: token });
        first ??= page;
        ids.push(...page.instruments.map((i) => i.id));
        for (const i of page.instruments) expect(i.unit).toMatchObject({ kind: UnitKind.UNIT_KIND_UNSPECIFIED, sector: Sector.SECTOR_UNSPECIFIED });
        token = page.nextPageToken;
      }
      expect(ids.length).toBe(Number(first!.total));
      expect(ids.length).toBeGreaterThan(25);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it("are found by a text query alongside Jiaxing's records (电镜)", async () => {
      const page = await search({ query: '电镜', pageSize: 100 });
      const regions = new Set(page.instruments.map((i) => i.region));
      expect(regions).toEqual(new Set(['jiaxing', 'zhejiang']));
    });

    it('is answered by GetInstrument', async () => {
      const [hit] = (await search({ regions: ['zhejiang'], pageSize: 1 })).instruments;
      const one = await getInstrument(hit.id);
      expect(one).toMatchObject({ id: hit.id, region: 'zhejiang', unit: { kind: UnitKind.UNIT_KIND_UNSPECIFIED, sector: Sector.SECTOR_UNSPECIFIED } });
    });
  });

  describe('malformed requests are INVALID_ARGUMENT naming the field, never INTERNAL (issue 16.2)', () => {
    /** google.protobuf.Timestamp {seconds = 1, nanos = 2}, whatever the values. */
    const timestamp = (seconds: string, nanos = 0) => new BinaryWriter().uint32(8).int64(seconds).uint32(16).int32(nanos).finish();
    const good = () => timestamp(String(Math.floor(Date.now() / 1000) + 86_400 * 10));
    const later = () => timestamp(String(Math.floor(Date.now() / 1000) + 86_400 * 10 + 3_600));
    const availability = (id: string, from: Uint8Array, to: Uint8Array) =>
      new BinaryWriter().uint32(10).string(id).uint32(18).bytes(from).uint32(26).bytes(to).finish();
    const booking = (start: Uint8Array, end: Uint8Array) => {
      const window = new BinaryWriter().uint32(10).bytes(start).uint32(18).bytes(end).finish();
      const requester = new BinaryWriter().uint32(10).string('p-0001').finish();
      return new BinaryWriter()
        .uint32(10)
        .string(`key-${Math.random()}`)
        .uint32(18)
        .string(instrumentId)
        .uint32(26)
        .bytes(window)
        .uint32(34)
        .bytes(requester)
        .uint32(42)
        .string('SEM imaging')
        .finish();
    };
    const AVAILABILITY = '/yrd.federation.v1.BookingService/CheckAvailability';
    const CREATE = '/yrd.federation.v1.BookingService/CreateBooking';

    it('answers a well-formed raw request normally (the encoding used below is right)', async () => {
      const reply = await new Promise<unknown>((resolve, reject) => {
        const client = new grpc.Client(address, grpc.credentials.createInsecure());
        client.makeUnaryRequest(
          AVAILABILITY,
          (b: Buffer) => b,
          (b: Buffer) => b,
          Buffer.from(availability(instrumentId, good(), later())),
          auth(),
          options(),
          (e, r) => {
            client.close();
            if (e) reject(e);
            else resolve(r);
          },
        );
      });
      expect(reply).toBeInstanceOf(Buffer);
    });

    it.each([
      ['seconds 2^62', String(2n ** 62n), 0, 'from.seconds'],
      ['seconds -2^62', String(-(2n ** 62n)), 0, 'from.seconds'],
      ['seconds after 9999-12-31', '253402300800', 0, 'from.seconds'],
      ['nanos 1,999,999,999', String(Math.floor(Date.now() / 1000) + 86_400 * 10), 1_999_999_999, 'from.nanos'],
      ['negative nanos', String(Math.floor(Date.now() / 1000) + 86_400 * 10), -1, 'from.nanos'],
    ])('CheckAvailability with %s', async (_case, seconds, nanos, field) => {
      const error = await raw(AVAILABILITY, availability(instrumentId, timestamp(seconds, nanos), later()));
      expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.details).toContain(field);
    });

    it.each([
      ['seconds 2^62', String(2n ** 62n), 0, 'window.start.seconds'],
      ['nanos 1,999,999,999', String(Math.floor(Date.now() / 1000) + 86_400 * 10), 1_999_999_999, 'window.start.nanos'],
    ])('CreateBooking with %s, and nothing is stored', async (_case, seconds, nanos, field) => {
      const error = await raw(CREATE, booking(timestamp(seconds, nanos), later()));
      expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.details).toContain(field);
      const admin = await gw.token('admin');
      expect((await request(gw.server).get('/api/v1/bookings').set('Authorization', `Bearer ${admin}`).expect(200)).body.items).toEqual([]);
    });

    it('a truncated message', async () => {
      const whole = booking(good(), later());
      const error = await raw(CREATE, whole.slice(0, whole.length - 5));
      expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.details).toMatch(/not a valid yrd\.federation\.v1\.CreateBookingRequest/);
    });

    it('CheckAvailability of an id without a colon', async () => {
      const error = await raw(AVAILABILITY, availability('JX-SEM-001', good(), later()));
      expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.details).toContain('instrument_id');
    });

    it("still answers a typed client's valid window", async () => {
      const start = new Date(Date.now() + 86_400_000 * 10);
      const reply = await new Promise<unknown>((resolve, reject) =>
        new BookingServiceClient(address, grpc.credentials.createInsecure()).checkAvailability(
          { instrumentId, from: start, to: new Date(start.getTime() + 3_600_000) },
          auth(),
          options(),
          (e, r) => (e ? reject(e) : resolve(r)),
        ),
      );
      expect(reply).toMatchObject({ busy: [] });
    });
  });

  describe('page tokens are bound to their query; pushed cursors are checked (issue 16.4)', () => {
    it('refuses a token with another query, other filters or another page size', async () => {
      const first = await search({ regions: ['zhejiang'], pageSize: 10 });
      expect(first.nextPageToken).not.toBe('');
      expect((await search({ regions: ['zhejiang'], pageSize: 10, pageToken: first.nextPageToken })).instruments).toHaveLength(10);
      for (const other of [
        { query: 'sem', regions: ['zhejiang'], pageSize: 10 },
        { regions: ['jiaxing'], pageSize: 10 },
        { regions: ['zhejiang'], pageSize: 20 },
        { regions: ['zhejiang'], pageSize: 10, categoryPrefix: '01' },
      ]) {
        await expect(search({ ...other, pageToken: first.nextPageToken })).rejects.toMatchObject({
          code: grpc.status.INVALID_ARGUMENT,
          details: expect.stringContaining('page_token'),
        });
      }
    });

    it("holds a search to the HTTP search's contract, naming the message's fields", async () => {
      expect((await search({ categoryPrefix: '0101', pageSize: 1 })).instruments).toHaveLength(1);
      await expect(search({ categoryPrefix: '010101' })).rejects.toMatchObject({
        code: grpc.status.INVALID_ARGUMENT,
        details: expect.stringContaining('category_prefix: must be a national category code'),
      });
      await expect(search({ regions: ['zhejiang', 'mars'] })).rejects.toMatchObject({
        code: grpc.status.INVALID_ARGUMENT,
        details: expect.stringContaining('regions[1]: must be one of'),
      });
      await expect(search({ query: 'x'.repeat(201) })).rejects.toMatchObject({
        code: grpc.status.INVALID_ARGUMENT,
        details: expect.stringContaining('query: must be at most 200 characters'),
      });
    });

    it.each(['p2', 'p00002', 'p1'])('refuses the hand-made token %s', async (pageToken) => {
      await expect(search({ regions: ['zhejiang'], pageSize: 10, pageToken })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    });

    it('refuses a token that is not in the exact form it was issued', async () => {
      const { nextPageToken } = await search({ regions: ['zhejiang'], pageSize: 10 });
      const [version, page, digest] = nextPageToken.split('.');
      for (const variant of [
        `${version}.0${page}.${digest}`,
        `${nextPageToken} `,
        `${version}.${page}.${digest.toLowerCase() === digest ? digest.toUpperCase() : digest.toLowerCase()}`,
      ]) {
        await expect(search({ regions: ['zhejiang'], pageSize: 10, pageToken: variant })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
      }
    });

    const push = (cursor: string) =>
      new Promise<PushChangesResponse>((resolve, reject) => {
        const call = catalog().pushChanges(auth(), options(), (e, r) => (e ? reject(e) : resolve(r!)));
        call.write({
          change: {
            instrumentId: 'shanghai:SH-1',
            version: '1',
            cursor,
            kind: { $case: 'tombstone', tombstone: { instrumentId: 'shanghai:SH-1', version: '1' } },
          },
        });
        call.end();
      });

    it('echoes a well-formed pushed cursor as committed_cursor', async () => {
      expect((await push('sh.cursor-000001')).committedCursor).toBe('sh.cursor-000001');
    });

    it.each([
      ['100 KB long', 'c'.repeat(100_000)],
      ['empty', ''],
      ['with control characters', 'ok\u0000\n'],
    ])('refuses a pushed cursor %s with INVALID_ARGUMENT instead of echoing it', async (_case, cursor) => {
      await expect(push(cursor)).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringContaining('change[0].cursor') });
    });
  });
});
