import request from 'supertest';
import { DATABASE, sql, type Database } from '@app/persistence';
import { storageModes } from '../support/databases';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

const at = (day: number, hour: number) => `2026-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;

/**
 * A gateway remembers the shareable instruments it has booked, so the next
 * booking of one does not read it again (issue #17). What changed since must
 * still decide: each instrument below is booked once (remembered), then
 * changed, then booked again.
 */
describe.each(storageModes())('booking an instrument that changed since this gateway last booked it (%s)', (mode) => {
  let gw: TestGateway;
  let outsider: string;
  let insider: string;
  let owner: string;

  beforeAll(async () => {
    gw = await startTestGateway(mode);
    await gw.seed(
      JX_UNITS,
      ['WITHDRAWN', 'SECRET', 'FLAGS', 'APPROVAL'].map((localId) => sem({ localId })),
    );
    [outsider, insider, owner] = await Promise.all([
      gw.token('user', 'jx-u002', 'alice'),
      gw.token('user', 'jx-u001', 'carol'),
      gw.token('unit_admin', 'jx-u001', 'owner-admin'),
    ]);
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  const book = (token: string, key: string, localId: string, day: number) =>
    request(gw.server)
      .post('/api/v1/bookings')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', key)
      .send({ instrumentId: localInstrumentId('jx-u001', localId), start: at(day, 9), end: at(day, 10), purpose: '形貌表征' });
  const edit = (localId: string, changes: Record<string, unknown>) =>
    request(gw.server)
      .put(`/api/v1/instruments/${encodeURIComponent(localInstrumentId('jx-u001', localId))}`)
      .set('Authorization', `Bearer ${owner}`)
      .send(sem({ localId, ...changes }));

  it('refuses a withdrawn instrument (404), and still answers the key that booked it before with its booking', async () => {
    const first = await book(outsider, 'withdrawn-key-1', 'WITHDRAWN', 1).expect(201);
    await request(gw.server)
      .delete(`/api/v1/instruments/${encodeURIComponent(localInstrumentId('jx-u001', 'WITHDRAWN'))}`)
      .set('Authorization', `Bearer ${owner}`)
      .expect(204);
    await book(outsider, 'withdrawn-key-2', 'WITHDRAWN', 2).expect(404);
    const replay = await book(outsider, 'withdrawn-key-1', 'WITHDRAWN', 1).expect(200);
    expect(replay.body.id).toBe(first.body.id);
  });

  it('refuses an instrument made confidential to another unit (404, Art. 11) and books it for its own unit', async () => {
    await book(outsider, 'secret-key-1', 'SECRET', 1).expect(201);
    await edit('SECRET', { confidentiality: { status: 'confidential' } }).expect(200);
    const refused = await book(outsider, 'secret-key-2', 'SECRET', 2).expect(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    await book(insider, 'secret-key-3', 'SECRET', 3).expect(201);
  });

  it('refuses an instrument hidden by a write this gateway never saw (another replica, a reclassification)', async () => {
    await book(outsider, 'flags-key-1', 'FLAGS', 1).expect(201);
    // What ReclassifyInstrumentsUseCase writes when a date-dependent decision turns: the flag alone, no new version.
    await sql`UPDATE instruments SET shareable = false WHERE id = ${localInstrumentId('jx-u001', 'FLAGS')}`.execute(gw.app.get<Database>(DATABASE).db);
    await book(outsider, 'flags-key-2', 'FLAGS', 2).expect(404);
  });

  it('decides on the edited record: an instrument that now needs its owner’s approval waits for it', async () => {
    const before = await book(outsider, 'approval-key-1', 'APPROVAL', 1).expect(201);
    expect(before.body.status).toBe('confirmed');
    await edit('APPROVAL', { requiresOwnerApproval: true }).expect(200);
    const after = await book(outsider, 'approval-key-2', 'APPROVAL', 2).expect(201);
    expect(after.body.status).toBe('pending_owner');
  });
});
