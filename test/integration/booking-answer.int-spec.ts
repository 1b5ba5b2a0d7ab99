import { CreateBookingUseCase, type Requester } from '@app/booking';
import { BookingRepository } from '../../libs/booking/src/infrastructure/booking.repository';
import { storageModes } from '../support/databases';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

const SEM = localInstrumentId('jx-u001', 'SEM-ANSWER');
const at = (day: number, hour: number) => `2026-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;

/**
 * `book_slot` answers only what the database decided (outcome, stamps, the stored fee estimate); a
 * created booking is built from what the gateway sent. It must be the booking as stored, field for
 * field and in the same order, since the 201's bytes are the API's contract: compared here with the
 * same booking read back.
 */
describe.each(storageModes())('a created booking is the booking as stored (%s)', (mode) => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway(mode);
    await gw.seed(JX_UNITS, [sem({ localId: 'SEM-ANSWER' })]);
  }, 60_000);
  afterAll(() => gw?.close());

  const requesters: [string, Requester][] = [
    ['a user of a unit', { kind: 'user', sub: 'answer-alice', unitId: 'jx-u002' }],
    ['a user of the owning unit', { kind: 'user', sub: 'answer-owner', unitId: 'jx-u001' }],
    ['a natural person', { kind: 'user', sub: 'answer-person' }],
    ['a partner for a claimed unit', { kind: 'partner', partnerId: 'shanghai', pseudonym: 'p-7f3a', claimedUnitId: 'sh-u009', claimedRegion: 'shanghai' }],
    ['a partner for a user of no unit', { kind: 'partner', partnerId: 'shanghai', pseudonym: 'p-91c0' }],
  ];

  it.each(requesters.map(([label, requester], i) => [label, requester, i] as const))('for %s', async (_label, requester, i) => {
    const create = gw.app.get(CreateBookingUseCase);
    const repository = gw.app.get(BookingRepository);
    const body = {
      instrumentId: SEM,
      start: at(10 + i, 9),
      end: at(10 + i, 11),
      purpose: '  样品形貌观察 SEM imaging  ',
      ...(i % 2 === 0 ? { sampleDescription: 'powder, 3 g' } : {}),
    };
    const key = `answer-key-${i}`;
    const created = await create.execute(body, key, requester);
    expect(created.replayed).toBe(false);
    expect(created.booking.status).toBe('confirmed');
    const stored = await repository.byId(created.booking.id);
    expect(stored?.feeEstimate).toBeDefined();
    expect(JSON.stringify(created.booking)).toBe(JSON.stringify(stored));

    // The same key again: the stored booking, read whole.
    const replayed = await create.execute(body, key, requester);
    expect(replayed.replayed).toBe(true);
    expect(JSON.stringify(replayed.booking)).toBe(JSON.stringify(stored));
  });
});
