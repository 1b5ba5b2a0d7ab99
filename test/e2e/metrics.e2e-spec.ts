import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { eventually } from '../support/federation';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';

/** `name{labels} value` lines, without the ones that move by themselves (time, the process, the scrape's own requests). */
function figures(text: string): Map<string, number> {
  const moving = /^(process_|nodejs_|http_request_duration_seconds|search_index_follow_age_seconds)/;
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || moving.test(line)) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/**
 * Metrics need credentials (an admin's token, or the METRICS_TOKEN Prometheus
 * presents), and no figure counts confidential or exempted instruments (Art. 2, 11):
 * otherwise the index size minus the public search total tells how many there are.
 */
describe('/metrics: credentials, and nothing that counts hidden instruments', () => {
  const scrapeToken = randomBytes(24).toString('base64url');
  let gw: TestGateway;
  let admin: string;

  beforeAll(async () => {
    gw = await startTestGateway('embedded', { METRICS_TOKEN: scrapeToken });
    await gw.seed(JX_UNITS, [sem({ localId: 'M-OPEN-1' }), sem({ localId: 'M-SECRET-1', confidentiality: { status: 'confidential' } })]);
    admin = await gw.token('admin');
  }, 60_000);
  afterAll(() => gw?.close());

  it('answers 401 problem+json without credentials, 403 to a non-admin, 200 to an admin or the scrape token', async () => {
    const anonymous = await request(gw.server).get('/metrics').expect(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anonymous.text).not.toMatch(/search_index_documents/);
    await request(gw.server)
      .get('/metrics')
      .set('Authorization', `Bearer ${randomBytes(24).toString('base64url')}`)
      .expect(401);
    await request(gw.server)
      .get('/metrics')
      .set('Authorization', `Bearer ${await gw.token('unit_admin', 'jx-u001')}`)
      .expect(403);
    await request(gw.server).get('/metrics').set('Authorization', `Bearer ${admin}`).expect(200);
    const scraped = await request(gw.server).get('/metrics').set('Authorization', `Bearer ${scrapeToken}`).expect(200);
    expect(scraped.text).toMatch(/^search_index_documents /m);
  });

  it('counts only publicly visible instruments: adding a confidential one moves no figure', async () => {
    const scrape = async () => figures((await request(gw.server).get('/metrics').set('Authorization', `Bearer ${scrapeToken}`).expect(200)).text);
    const publicTotal = async () => (await request(gw.server).get('/api/v1/instruments').expect(200)).body.total as number;
    const unitAdmin = await gw.token('unit_admin', 'jx-u001');
    const ownTotal = async () =>
      (await request(gw.server).get('/api/v1/instruments').set('Authorization', `Bearer ${unitAdmin}`).expect(200)).body.total as number;

    const before = await scrape();
    expect(before.get('search_index_documents')).toBe(await publicTotal());

    const secret = await request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${unitAdmin}`)
      .send(sem({ localId: 'M-SECRET-2', confidentiality: { status: 'confidential' } }))
      .expect(201);
    expect(secret.body.id).toBe(localInstrumentId('jx-u001', 'M-SECRET-2'));
    // The unit sees its new instrument, so the index has taken it in.
    await eventually(ownTotal, (n) => n === 3);
    expect(await scrape()).toEqual(before);

    // The same figure does move for a public instrument: the comparison above is not blind.
    await request(gw.server)
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${unitAdmin}`)
      .send(sem({ localId: 'M-OPEN-2' }))
      .expect(201);
    await eventually(publicTotal, (n) => n === 2);
    const after = await scrape();
    expect(after.get('search_index_documents')).toBe(2);
    expect(after.get('search_index_documents')).toBe(await publicTotal());
  }, 60_000);
});
