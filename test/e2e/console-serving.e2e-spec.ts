/**
 * The gateway's side of the web console, without a browser: its build served at `/` with the
 * page addresses falling back to `index.html` while the API, health and metrics keep their own
 * answers; and the demo's one-click tokens, which exist only in the demo.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { jwtVerify } from 'jose';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';

function fakeBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title><div id="app"></div>');
  fs.writeFileSync(path.join(dir, 'assets', 'main-abc123.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
  return dir;
}

describe('console serving and demo sign-in', () => {
  // One gateway, in demo mode: outside the demo the tokens are refused (mint-demo-token.usecase.spec.ts).
  let gw: TestGateway;
  let dist: string;

  beforeAll(async () => {
    dist = fakeBuild();
    gw = await startTestGateway('embedded', { CONSOLE_DIST_DIR: dist }, undefined, { demo: true });
    await gw.seed(JX_UNITS, [sem()]);
  }, 120_000);
  afterAll(async () => {
    await gw?.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves the build at / and its hashed assets (gzip, cached for good), and any page address as index.html', async () => {
    const home = await request(gw.server).get('/').set('Accept', 'text/html').expect(200);
    // A client that does not ask for HTML (curl's */*) still finds the console at the front door.
    const bare = await request(gw.server).get('/').set('Accept', '*/*').expect(200);
    expect(bare.headers['content-type']).toMatch(/^text\/html/);
    expect([home.headers['content-type'], home.headers['cache-control'], home.text]).toEqual(['text/html; charset=utf-8', 'no-cache', expect.stringContaining('<div id="app">')]);
    // Only its own scripts, only its own origin: an injected script could read the tab's token.
    expect(home.headers['content-security-policy']).toMatch(/script-src 'self';.*connect-src 'self';.*frame-ancestors 'none'/);
    const deep = await request(gw.server).get('/instruments/jiaxing:jx-u001.JX-SEM-001?x=1').set('Accept', 'text/html,application/xhtml+xml').expect(200);
    expect(deep.text).toContain('<div id="app">');
    const asset = await request(gw.server).get('/assets/main-abc123.js').set('Accept-Encoding', 'gzip').expect(200);
    expect([asset.headers['content-type'], asset.headers['content-encoding'], asset.headers['cache-control']]).toEqual(['text/javascript; charset=utf-8', 'gzip', 'public, max-age=31536000, immutable']);
    expect(asset.text).toContain('xxxx');
  });

  it('leaves the API, health, metrics and missing files to their own answers', async () => {
    for (const [url, accept] of [['/api/v1/nothing-here', 'text/html'], ['/API/v1/nothing', 'text/html'], ['/assets/gone-123.js', 'text/html'], ['/favicon.ico', 'image/avif,image/webp,*/*']]) {
      const res = await request(gw.server).get(url).set('Accept', accept);
      expect([url, res.status, res.headers['content-type']]).toEqual([url, 404, 'application/problem+json; charset=utf-8']);
    }
    await request(gw.server).get('/health/live').set('Accept', 'text/html').expect(200).expect('content-type', /json/);
    await request(gw.server).get('/metrics').set('Accept', 'text/html').expect(401);
    await request(gw.server).get('/api/openapi.json').set('Accept', 'text/html').expect(200).expect('content-type', /json/);
    // Not a page request: a client asking for JSON at an unknown address gets the API's 404.
    await request(gw.server).get('/bookings').set('Accept', 'application/json').expect(404);
    await request(gw.server).post('/').set('Accept', 'text/html').expect(404);
  });

  it('mints a token for each demo role in the demo, documented in OpenAPI', async () => {
    const { body } = await request(gw.server).get('/api/v1/demo/identities').expect(200);
    expect(body.enabled).toBe(true);
    expect(body.identities.map((i: { role: string }) => i.role)).toEqual(['user', 'unit_admin', 'customs_officer', 'drc_monitor', 'department', 'admin']);
    const minted = (await request(gw.server).post('/api/v1/demo/tokens').send({ role: 'unit_admin' }).expect(200)).body;
    expect((await jwtVerify(minted.token, new TextEncoder().encode(gw.config.auth.jwtSecret))).payload).toMatchObject({ sub: 'demo-unit_admin', roles: ['unit_admin'], unitId: 'jx-u001' });
    // The token works on the API as that role.
    await request(gw.server).get('/api/v1/bookings').set('Authorization', `Bearer ${minted.token}`).expect(200);
    const bad = await request(gw.server).post('/api/v1/demo/tokens').send({ role: 'root' }).expect(400);
    expect(bad.body.violations).toEqual([expect.objectContaining({ field: 'role' })]);

    const doc = (await request(gw.server).get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/demo/identities', '/api/v1/demo/tokens']));
  });

  it('estimates what a window would cost the caller before booking: internal for the owning unit, external for anyone else', async () => {
    const url = `/api/v1/instruments/${encodeURIComponent('jiaxing:jx-u001.JX-SEM-001')}/fee-estimate`;
    const window = { start: '2026-12-20T09:00:00+08:00', end: '2026-12-20T11:30:00+08:00' };
    const own = (await request(gw.server).get(url).query(window).set('Authorization', `Bearer ${await gw.token('user', 'jx-u001')}`).expect(200)).body;
    expect(own.estimate).toMatchObject({ tariff: 'internal', unit: 'hour', quantity: 2.5, unitPriceCny: 300, totalCny: 750 });
    expect(own.estimate.reasons.map((r: { article: number }) => r.article)).toContain(19);
    const other = (await request(gw.server).get(url).query(window).set('Authorization', `Bearer ${await gw.token('user', 'jx-u002')}`).expect(200)).body;
    const anonymous = (await request(gw.server).get(url).query(window).expect(200)).body;
    expect([other.estimate.tariff, other.estimate.totalCny, anonymous.estimate.tariff]).toEqual(['external', 1250, 'external']);
    const bad = await request(gw.server).get(url).query({ start: window.end, end: window.start }).expect(400);
    expect(bad.body.violations).toEqual([expect.objectContaining({ field: 'end' })]);
    await request(gw.server).get('/api/v1/instruments/jiaxing:jx-u001.NOPE/fee-estimate').query(window).expect(404);
  });
});
