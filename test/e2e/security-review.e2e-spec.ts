import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import request from 'supertest';
import { mintToken, type Role } from '@app/auth';
import type { DepartmentCode } from '@app/common';
import { IndicatorServiceClient, type GetCategoryIndicatorsResponse } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import { RecordUsageSessionUseCase, RollupUsageUseCase } from '@app/usage';
import { PARTNER_IN_TOKEN } from '../support/federation';
import { JX_UNITS, sem, startTestGateway, type TestGateway } from '../support/gateway';
import { localInstrumentId } from '../support/ids';
import { settleRollups } from '../support/rollups';

/**
 * An attacker's review of exemptions, purchase reviews and the evaluation
 * (docs/security.md): each test is a hole found in review, and fails without
 * its fix. One embedded gateway for the suite; its one partner (Shanghai) is
 * reachable nowhere, so a purchase review's partner rows are "unavailable" at once.
 */
const REVIEW_LIMIT = 20;

describe('security review: exemptions, purchase reviews, evaluation', () => {
  let gw: TestGateway;
  let grpcAddress: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-review-'));
  const t: Record<string, string> = {};
  const ex1 = localInstrumentId('jx-u001', 'SR-1');
  const ex2 = localInstrumentId('jx-u001', 'SR-2');

  /** A token with several roles, as an identity provider may issue to staff who hold two offices. */
  const multi = (roles: Role[], claims: { unitId?: string; department?: DepartmentCode }, sub: string) =>
    mintToken(gw.config.auth.jwtSecret, { sub, roles, region: 'jiaxing', ...claims });

  beforeAll(async () => {
    // Purchase-review submissions are limited per user; the suite's other tests stay well below this.
    const partners = path.join(dir, 'partners.json');
    fs.writeFileSync(
      partners,
      JSON.stringify([
        {
          id: 'shanghai',
          region: 'shanghai',
          protocol: 'grpc',
          address: '127.0.0.1:1',
          inboundToken: PARTNER_IN_TOKEN('shanghai'),
          outboundToken: 'unused-outbound-token-0000',
          pullIntervalMs: 3_600_000,
        },
      ]),
    );
    gw = await startTestGateway('embedded', { RATE_LIMIT_REVIEW: String(REVIEW_LIMIT), PARTNERS_FILE: partners, GRPC_PORT: '0' });
    grpcAddress = `127.0.0.1:${await startGrpc(gw.app)}`;
    await gw.seed(JX_UNITS, [
      sem({ localId: 'SR-1', model: 'SRMODEL-1' }),
      sem({ localId: 'SR-2', model: 'SRMODEL-2' }),
      sem({ localId: 'SR-3', model: 'SRMODEL-3' }),
      // One each in two otherwise empty categories: one will be withdrawn, the other declared confidential.
      sem({ localId: 'SR-GONE', categoryCode: '0302' }),
      sem({ localId: 'SR-HIDDEN', categoryCode: '0303' }),
    ]);
    Object.assign(t, {
      unit1: await gw.token('unit_admin', 'jx-u001'),
      office: await gw.token('admin'),
      education: await gw.departmentToken('education_bureau'),
      // jx-u001 is of the education sector; these hold the health commission's office besides another role.
      officeAndHealth: await multi(['admin', 'department'], { department: 'health_commission' }, 'office-and-health'),
      unit2AndEducation: await multi(['unit_admin', 'department'], { unitId: 'jx-u002', department: 'education_bureau' }, 'unit2-and-education'),
      unit2AndOffice: await multi(['unit_admin', 'admin'], { unitId: 'jx-u002' }, 'unit2-and-office'),
      // One person holding every office over jx-u001 (its admin, its sector's department, the joint-conference office).
      everyOffice: await multi(['unit_admin', 'department', 'admin'], { unitId: 'jx-u001', department: 'education_bureau' }, 'every-office'),
      educationAndOffice: await multi(['department', 'admin'], { department: 'education_bureau' }, 'education-and-office'),
    });
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const as = (who: string, req: request.Test) => req.set('Authorization', `Bearer ${t[who]}`);
  const post = (who: string, url: string, body: object = {}) => as(who, request(gw.server).post(`/api/v1${url}`)).send(body);
  const review = (over: Record<string, unknown> = {}) => ({
    categoryCode: '0101',
    valueCny: 800_000,
    intendedUse: '形貌表征',
    justification: '机时饱和',
    ...over,
  });

  describe('hostile text is refused with a 400 naming the field, never a 500', () => {
    it('refuses control characters in a purchase request and in a decision, and stores nothing', async () => {
      const before = (await as('unit1', request(gw.server).get('/api/v1/purchase-reviews')).expect(200)).body.items.length as number;
      for (const [field, value] of [
        ['justification', 'bad\u0000text'],
        ['intendedUse', 'bell\u0007'],
        ['name', 'x\u001b[31m'],
        ['model', 'm\u007f'],
      ]) {
        const res = await post('unit1', '/purchase-reviews', review({ [field]: value })).expect(400);
        expect(res.body.violations).toEqual([expect.objectContaining({ field })]);
      }
      expect((await as('unit1', request(gw.server).get('/api/v1/purchase-reviews')).expect(200)).body.items).toHaveLength(before);
      // Line breaks and tabs are text.
      const id = (await post('unit1', '/purchase-reviews', review({ justification: '第一行\n第二行\t完' })).expect(201)).body.id as string;
      const refused = await post('education', `/purchase-reviews/${id}/reject`, { explanation: 'no\u0000' }).expect(400);
      expect(refused.body.violations).toEqual([expect.objectContaining({ field: 'explanation' })]);
      expect((await as('education', request(gw.server).get(`/api/v1/purchase-reviews/${id}`)).expect(200)).body.status).toBe('submitted');
    });

    it('takes every amount with at most 2 decimals, whatever its binary rounding', async () => {
      for (const valueCny of [1_234_567.89, 600_000.29, 700_000.57]) {
        const res = await post('unit1', '/purchase-reviews', review({ valueCny })).expect(201);
        expect(res.body).toMatchObject({ valueCny, status: 'submitted' });
      }
      await post('unit1', '/purchase-reviews', review({ valueCny: 600_000.291 })).expect(400);
    });

    it("refuses control characters in an evaluation's review note, leaving the draft a draft", async () => {
      const draft = (await post('office', '/evaluations', { year: 2025 }).expect(201)).body.id as string;
      const res = await post('office', `/evaluations/${draft}/review`, { note: 'checked\u0000' }).expect(400);
      expect(res.body.violations).toEqual([expect.objectContaining({ field: 'note' })]);
      expect((await as('office', request(gw.server).get(`/api/v1/evaluations/${draft}`)).expect(200)).body.status).toBe('draft');
    });
  });

  const indicators = (categoryCode: string, period = { from: '2026-01-01', to: '2026-11-28' }) =>
    new Promise<GetCategoryIndicatorsResponse>((resolve, reject) => {
      const metadata = new grpc.Metadata();
      metadata.set('authorization', `Bearer ${PARTNER_IN_TOKEN('shanghai')}`);
      const client = new IndicatorServiceClient(grpcAddress, grpc.credentials.createInsecure());
      client.getCategoryIndicators({ categoryCode, ...period }, metadata, { deadline: Date.now() + 5_000 }, (error, response) => {
        client.close();
        return error ? reject(error) : resolve(response);
      });
    });
  const figures = ({ asOf: _asOf, ...rest }: GetCategoryIndicatorsResponse) => rest;

  it('answers a partner the same for an instrument withdrawn and one hidden since, so its indicators cannot tell the two apart (Art. 11)', async () => {
    const gone = localInstrumentId('jx-u001', 'SR-GONE');
    const hidden = localInstrumentId('jx-u001', 'SR-HIDDEN');
    const record = gw.app.get(RecordUsageSessionUseCase);
    for (const [key, instrumentId, categoryCode] of [
      ['sr-gone', gone, '0302'],
      ['sr-hidden', hidden, '0303'],
    ]) {
      await record.execute({
        source: 'booking',
        sourceKey: key,
        instrumentId,
        ownerRegion: 'jiaxing',
        ownerUnitId: 'jx-u001',
        categoryCode,
        requester: { kind: 'unit', unitId: 'jx-u002', region: 'jiaxing' },
        external: true,
        outcome: 'completed',
        recordedBy: 'test',
        start: new Date('2026-06-01T09:00:00+08:00'),
        end: new Date('2026-06-01T12:00:00+08:00'),
      });
    }
    await settleRollups(gw.app.get(RollupUsageUseCase));
    // One instrument each: its sums would be its use alone, so both are withheld alike (minimum cell size).
    const withheld = { code: grpc.status.FAILED_PRECONDITION, details: expect.stringMatching(/fewer than 3 instruments.*Arts\. 11, 17/) };
    await expect(indicators('0302')).rejects.toMatchObject(withheld);
    await expect(indicators('0303')).rejects.toMatchObject(withheld);

    await as('unit1', request(gw.server).delete(`/api/v1/instruments/${gone}`)).expect(204);
    await as('unit1', request(gw.server).put(`/api/v1/instruments/${hidden}`))
      .send(sem({ localId: 'SR-HIDDEN', categoryCode: '0303', confidentiality: { status: 'confidential' } }))
      .expect(200);
    // Both left partners' feed as one tombstone each; their figures must not tell which was hidden.
    expect(figures(await indicators('0303'))).toMatchObject({ instrumentCount: 0, effectiveHours: 0, externalHours: 0 });
    expect(figures(await indicators('0302'))).toEqual(figures(await indicators('0303')));
  });

  it("keeps a state-secret declaration made while an exemption was under way: filing it (or filing again) never turns 'confidential' into 'exempted' (Arts. 2, 11)", async () => {
    const ex3 = localInstrumentId('jx-u001', 'SR-3');
    const id = (await post('unit1', '/exemptions', { instrumentId: ex3, grounds: '合作协议' }).expect(201)).body.id as string;
    await post('education', `/exemptions/${id}/approve`, { reference: '嘉教〔2026〕11号' }).expect(200);
    await as('unit1', request(gw.server).put(`/api/v1/instruments/${ex3}`))
      .send(sem({ localId: 'SR-3', model: 'SRMODEL-3', confidentiality: { status: 'confidential' } }))
      .expect(200);
    const filed = await post('office', `/exemptions/${id}/file`, { filingRef: '浙大仪办备〔2026〕11号' }).expect(200);
    expect(filed.body.status).toBe('filed');
    const own = async () => (await as('unit1', request(gw.server).get(`/api/v1/instruments/${ex3}`)).expect(200)).body.confidentiality;
    expect(await own()).toEqual({ status: 'confidential' });
    await post('office', `/exemptions/${id}/file`, { filingRef: '浙大仪办备〔2026〕11号' }).expect(200);
    expect(await own()).toEqual({ status: 'confidential' });
  });

  it("names the article of every step in the trails and of the department's decision (who, when, why, under which article)", async () => {
    const reviewId = (await post('unit1', '/purchase-reviews', review()).expect(201)).body.id as string;
    const decided = await post('education', `/purchase-reviews/${reviewId}/reject`, { explanation: '本单位同类仪器利用率低' }).expect(200);
    expect(decided.body.decision).toMatchObject({ outcome: 'rejected', article: 10 });
    const trail = (await as('education', request(gw.server).get(`/api/v1/purchase-reviews/${reviewId}`)).expect(200)).body.trail as object[];
    expect(trail).toEqual([
      expect.objectContaining({ action: 'submitted', actor: 'unit_admin-jx-u001', article: 9, at: expect.any(String) }),
      expect.objectContaining({ action: 'rejected', actor: 'department-education_bureau', article: 10, explanation: '本单位同类仪器利用率低' }),
    ]);
    const page = await as('education', request(gw.server).get(`/api/v1/purchase-reviews/${reviewId}?format=html`)).expect(200);
    expect(page.text).toContain('第十条');

    const exemption = (await post('unit1', '/exemptions', { instrumentId: ex1, grounds: '另一份协议' }).expect(201)).body.id as string;
    await post('unit1', `/exemptions/${exemption}/withdraw`).expect(200);
    const steps = (await as('office', request(gw.server).get(`/api/v1/exemptions/${exemption}`)).expect(200)).body.trail as object[];
    expect(steps).toEqual([
      expect.objectContaining({ toStatus: 'requested', actor: 'unit_admin-jx-u001', article: 11 }),
      expect.objectContaining({ fromStatus: 'requested', toStatus: 'withdrawn', actor: 'unit_admin-jx-u001', article: 11 }),
    ]);
  });

  it("limits a unit admin's purchase-review submissions (each asks every partner) with a 429 and Retry-After, per user", async () => {
    const flooder = await gw.token('unit_admin', 'jx-u001', 'flooding-unit-admin');
    const submit = (token: string) =>
      request(gw.server)
        .post('/api/v1/purchase-reviews')
        .set('Authorization', `Bearer ${token}`)
        .send(review({ valueCny: 1_000 }));
    for (let i = 0; i < REVIEW_LIMIT; i++) await submit(flooder).expect(201);
    const refused = await submit(flooder).expect(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.body.code).toBe('RATE_LIMITED');
    // Another admin of the same unit is counted on its own.
    await submit(t.unit1).expect(201);
  });

  describe('a step is taken in the scope of the role that takes it, never of another role the token also holds', () => {
    it("an admin who is also another sector's department neither approves nor rejects an exemption of this sector", async () => {
      const id = (await post('unit1', '/exemptions', { instrumentId: ex1, grounds: '保密协议' }).expect(201)).body.id as string;
      await post('officeAndHealth', `/exemptions/${id}/approve`, { reference: '越权〔2026〕1号' }).expect(404);
      await post('officeAndHealth', `/exemptions/${id}/reject`, { reason: '越权' }).expect(404);
      // The office still reads it (its own role), and the request is untouched.
      const read = await as('officeAndHealth', request(gw.server).get(`/api/v1/exemptions/${id}`)).expect(200);
      expect(read.body).toMatchObject({ status: 'requested' });
      expect(read.body.trail).toHaveLength(1);
      await post('education', `/exemptions/${id}/approve`, { reference: '嘉教〔2026〕3号' }).expect(200);
    });

    it("another unit's admin withdraws no exemption request, whatever department or office role it also holds", async () => {
      const id = (await post('unit1', '/exemptions', { instrumentId: ex2, grounds: '保密协议' }).expect(201)).body.id as string;
      await post('unit2AndEducation', `/exemptions/${id}/withdraw`).expect(404);
      await post('unit2AndOffice', `/exemptions/${id}/withdraw`).expect(404);
      const read = await as('office', request(gw.server).get(`/api/v1/exemptions/${id}`)).expect(200);
      expect(read.body.status).toBe('requested');
      await post('unit1', `/exemptions/${id}/withdraw`).expect(200);
    });

    it("an admin who is also another sector's department does not decide this sector's purchase review", async () => {
      const id = (await post('unit1', '/purchase-reviews', review()).expect(201)).body.id as string;
      await post('officeAndHealth', `/purchase-reviews/${id}/approve`, { explanation: '越权同意' }).expect(404);
      await post('officeAndHealth', `/purchase-reviews/${id}/reject`, { explanation: '越权驳回' }).expect(404);
      expect((await as('office', request(gw.server).get(`/api/v1/purchase-reviews/${id}`)).expect(200)).body.status).toBe('submitted');
      await post('education', `/purchase-reviews/${id}/approve`, { explanation: '同意' }).expect(200);
    });
  });

  describe('nobody decides a request of their own, whatever offices their token holds (four eyes, Arts. 10, 11)', () => {
    it('the unit admin who requested an exemption neither approves, rejects nor files it as department or office; others still do', async () => {
      await post('unit1', '/instruments', sem({ localId: 'SR-SELF', model: 'SRMODEL-SELF' })).expect(201);
      const instrumentId = localInstrumentId('jx-u001', 'SR-SELF');
      const id = (await post('everyOffice', '/exemptions', { instrumentId, grounds: '自批' }).expect(201)).body.id as string;
      const refused = await post('everyOffice', `/exemptions/${id}/approve`, { reference: '自批〔2026〕1号' }).expect(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      await post('everyOffice', `/exemptions/${id}/reject`, { reason: '自驳' }).expect(403);
      expect((await as('office', request(gw.server).get(`/api/v1/exemptions/${id}`)).expect(200)).body).toMatchObject({ status: 'requested' });
      await post('education', `/exemptions/${id}/approve`, { reference: '嘉教〔2026〕21号' }).expect(200);
      await post('everyOffice', `/exemptions/${id}/file`, { filingRef: '自备〔2026〕1号' }).expect(403);
      const read = await as('office', request(gw.server).get(`/api/v1/exemptions/${id}`)).expect(200);
      expect(read.body.status).toBe('approved');
      expect(read.body.trail).toHaveLength(2);
      await post('office', `/exemptions/${id}/file`, { filingRef: '浙大仪办备〔2026〕21号' }).expect(200);
    });

    it('the department that approved an exemption does not also record its filing as the office', async () => {
      await post('unit1', '/instruments', sem({ localId: 'SR-SELF-2', model: 'SRMODEL-SELF-2' })).expect(201);
      const id = (await post('unit1', '/exemptions', { instrumentId: localInstrumentId('jx-u001', 'SR-SELF-2'), grounds: '协议' }).expect(201)).body
        .id as string;
      await post('educationAndOffice', `/exemptions/${id}/approve`, { reference: '嘉教〔2026〕22号' }).expect(200);
      await post('educationAndOffice', `/exemptions/${id}/file`, { filingRef: '自备〔2026〕2号' }).expect(403);
      await post('office', `/exemptions/${id}/file`, { filingRef: '浙大仪办备〔2026〕22号' }).expect(200);
    });

    it("the unit admin who submitted a purchase review does not decide it as its sector's department", async () => {
      const id = (await post('everyOffice', '/purchase-reviews', review()).expect(201)).body.id as string;
      await post('everyOffice', `/purchase-reviews/${id}/approve`, { explanation: '自批同意' }).expect(403);
      await post('everyOffice', `/purchase-reviews/${id}/reject`, { explanation: '自批驳回' }).expect(403);
      const read = await as('office', request(gw.server).get(`/api/v1/purchase-reviews/${id}`)).expect(200);
      expect(read.body.status).toBe('submitted');
      expect(read.body.trail).toHaveLength(1);
      await post('education', `/purchase-reviews/${id}/approve`, { explanation: '同意' }).expect(200);
    });
  });

  it('answers a period at the end of the calendar (year 9999) like any other, never INTERNAL', async () => {
    // A category of its own, over the minimum cell size whatever the other tests exempt.
    for (const localId of ['END-1', 'END-2', 'END-3']) await post('unit1', '/instruments', sem({ localId, categoryCode: '0501' })).expect(201);
    const answer = await indicators('0501', { from: '9999-06-01', to: '9999-12-31' });
    expect(answer).toMatchObject({ instrumentCount: 3, effectiveHours: 0, externalHours: 0 });
    expect((await indicators('0501', { from: '9999-12-31', to: '9999-12-31' })).effectiveHours).toBe(0);
    const tooLong = await indicators('0501', { from: '9998-12-01', to: '9999-12-31' }).then(
      () => undefined,
      (error: grpc.ServiceError) => error,
    );
    expect(tooLong?.code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it("withholds a partner's indicators of a category with fewer than 3 instruments, and of its class while the class minus its other sub-classes would be that category (Arts. 11, 17)", async () => {
    const record = gw.app.get(RecordUsageSessionUseCase);
    const use = async (localId: string, categoryCode: string, hours: number) => {
      await post('unit1', '/instruments', sem({ localId, categoryCode })).expect(201);
      await record.execute({
        source: 'booking',
        sourceKey: `cell-${localId}`,
        instrumentId: localInstrumentId('jx-u001', localId),
        ownerRegion: 'jiaxing',
        ownerUnitId: 'jx-u001',
        categoryCode,
        requester: { kind: 'unit', unitId: 'jx-u002', region: 'jiaxing' },
        external: true,
        outcome: 'completed',
        recordedBy: 'test',
        start: new Date('2026-06-02T09:00:00+08:00'),
        end: new Date(new Date('2026-06-02T09:00:00+08:00').getTime() + hours * 3_600_000),
      });
    };
    for (const [localId, hours] of [
      ['CELL-A', 1],
      ['CELL-B', 2],
      ['CELL-C', 3],
    ] as const)
      await use(localId, '0401', hours);
    await use('CELL-ALONE', '0402', 5);
    await settleRollups(gw.app.get(RollupUsageUseCase));
    const withheld = { code: grpc.status.FAILED_PRECONDITION, details: expect.stringMatching(/category 040?2?: .*fewer than 3 instruments/) };
    expect(figures(await indicators('0401'))).toMatchObject({ instrumentCount: 3, effectiveHours: 6 });
    // 0402 is one instrument's use; 04 minus 0401 would be the same five hours.
    await expect(indicators('0402')).rejects.toMatchObject(withheld);
    await expect(indicators('04')).rejects.toMatchObject(withheld);

    // Two more in 0402: every cell is a sum over three or more, and is answered.
    for (const localId of ['CELL-D', 'CELL-E']) await use(localId, '0402', 1);
    await settleRollups(gw.app.get(RollupUsageUseCase));
    expect(figures(await indicators('0402'))).toMatchObject({ instrumentCount: 3, effectiveHours: 7 });
    expect(figures(await indicators('04'))).toMatchObject({ instrumentCount: 6, effectiveHours: 13 });
  });
});
