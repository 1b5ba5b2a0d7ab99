import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mintToken } from '@app/auth';
import { DEMO_JWT_SECRET } from '@app/config';
import { eventually, startTestPartners, type TestPartners } from '../support/federation';
import { freePort, spawnTs, waitForHttp, type Spawned } from '../support/processes';

/** A day ahead at 09:00 China time, as an ISO string with its offset (the gateway runs on the real clock here). */
function slot(daysAhead: number, hour: number): string {
  const day = new Date(Date.now() + 8 * 3600_000 + daysAhead * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
}

/**
 * The gateway stores a booking of a partner's instrument and is killed with
 * SIGKILL before anything forwarded it (its queue consumers run elsewhere and
 * are not up). Restarted on the same data with consumers: the booking reaches
 * the partner exactly once and is confirmed.
 */
describe('kill -9 after a booking is stored and before it is forwarded', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yrd-crash-fwd-'));
  let partners: TestPartners;
  let port: number;
  let gateway: Spawned | undefined;
  let token: string;

  const start = async (env: Record<string, string>) => {
    gateway = spawnTs(
      'scripts/demo.ts',
      { DATA_DIR: dataDir, HTTP_PORT: String(port), GRPC_PORT: '0', LOG_LEVEL: 'warn', PARTNERS_FILE: partners.file, BOOKING_SWEEP_INTERVAL_MS: '500', ...env },
      ['--no-partners'],
    );
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, gateway);
  };
  const kill = async () => {
    gateway!.child.kill('SIGKILL');
    await gateway!.exited;
    gateway = undefined;
  };
  const api = (pathname: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${port}/api/v1${pathname}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });

  beforeAll(async () => {
    partners = await startTestPartners([{ region: 'anhui', count: 40, seed: 8 }]);
    port = await freePort();
    token = await mintToken(DEMO_JWT_SECRET, { sub: 'crash-forward-user', roles: ['user'], unitId: 'jx-u002' });
  });
  afterAll(async () => {
    gateway?.child.kill('SIGKILL');
    await gateway?.exited;
    await partners?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('forwards the stored booking exactly once after the restart', async () => {
    const node = partners.nodes.anhui;
    const instrumentId = node.store.shareable().find((e) => !e.stored.instrument.requiresOwnerApproval)!.stored.instrument.id;

    // 1. Sync the partner's catalog, so the instrument is known here.
    await start({});
    await eventually(
      () => api(`/instruments/${instrumentId}`).then((r) => r.status),
      (s) => s === 200,
      60_000,
    );
    await kill();

    // 2. A gateway without queue consumers stores the booking and queues its forwarding; then it dies.
    await start({ RUN_WORKERS: 'false' });
    const res = await api('/bookings', {
      method: 'POST',
      headers: { 'idempotency-key': 'crash-forward-0001' },
      body: JSON.stringify({ instrumentId, start: slot(7, 9), end: slot(7, 11), purpose: 'XRD 物相分析' }),
    });
    const stored = (await res.json()) as { id: string; status: string };
    expect(res.status).toBe(201);
    expect(stored.status).toBe('forwarding');
    await kill();
    expect(node.received).toHaveLength(0);

    // 3. Back with consumers: forwarded once, confirmed.
    await start({});
    const done = await eventually(
      () => api(`/bookings/${stored.id}`).then((r) => r.json() as Promise<{ status: string; remoteBookingId?: string }>),
      (b) => b.status !== 'forwarding',
      60_000,
    );
    expect(done.status).toBe('confirmed');
    expect(node.received.filter((r) => r.idempotencyKey === `yrd-jiaxing-${stored.id}`)).toHaveLength(1);
    expect(node.bookings().map((b) => b.id)).toEqual([done.remoteBookingId]);
  }, 180_000);
});
