/**
 * The unit admin's and the commission's pages of the web console in a real browser (Debian's
 * chromium through playwright-core) against the real gateway: a duty-free instrument of one unit is
 * booked by another unit's researcher and approved by customs (over the API, in setup), a second one
 * by a Shanghai partner's user (over gRPC); the owner approves the partner's booking and closes the
 * first with what really happened; the commission sees both flows on its dashboard and exports them. Every page: no console error, no failed request, no serious
 * or critical axe-core violation, screenshots at desktop and phone width (artifacts/screenshots).
 */
import * as grpc from '@grpc/grpc-js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FixedClock } from '@app/common';
import { BookingServiceClient, BookingStatus, type Booking as WireBooking } from '@app/contracts';
import { startGrpc } from '@app/grpc';
import type { Browser, Page } from 'playwright-core';
import { checkPage, chromiumPath, launchChromium, openPage, signInAs as signIn, startConsoleGateway, type ConsoleGateway } from '../support/browser';
import { PARTNER_IN_TOKEN } from '../support/federation';
import { JX_UNITS, sem } from '../support/gateway';

const CHROMIUM = chromiumPath();
const CI = process.env.CI === 'true';
if (!CHROMIUM && CI) throw new Error('CI=true but chromium is not installed; .ci/run installs it (apt-get install chromium fonts-noto-cjk)');
if (!CHROMIUM)
  process.stderr.write('\n[skip] console-admin.e2e-spec: no chromium on this machine (apt-get install chromium fonts-noto-cjk); mandatory with CI=true\n');
const describeBrowser = CHROMIUM ? describe : describe.skip;

const HOUR = 3600_000;
/** A page that drives several pages and a browser download: far beyond Jest's default on a busy 2-core machine. */
const SLOW = 120_000;
const DUTY_FREE = 'jiaxing:jx-u001.JX-SEM-001';
const ON_REQUEST = 'jiaxing:jx-u001.JX-XRD-002';

describeBrowser('web console: unit admin and commission', () => {
  let gw: ConsoleGateway;
  let browser: Browser;
  // The gateway's clock stands a day back while the bookings are made, so that their windows have
  // started (for the gateway and for the browser alike) once it is moved to now.
  const clock = new FixedClock(new Date(Date.now() - 24 * HOUR));
  const windowStart = new Date(Math.ceil((Date.now() - 24 * HOUR) / HOUR) * HOUR + 2 * HOUR);
  const windowEnd = new Date(windowStart.getTime() + 2 * HOUR);
  let dutyFreeBooking: string;
  let onRequestBooking: string;
  let partnersDir: string;

  /** Shanghai's platform books for one of its users, as partners do (gRPC, its inbound token). */
  async function partnerBooking(address: string, instrumentId: string): Promise<WireBooking> {
    const meta = new grpc.Metadata();
    meta.set('authorization', `Bearer ${PARTNER_IN_TOKEN('shanghai')}`);
    const client = new BookingServiceClient(address, grpc.credentials.createInsecure());
    try {
      return await new Promise<WireBooking>((resolve, reject) =>
        client.createBooking(
          {
            idempotencyKey: 'console-admin-sh-1',
            instrumentId,
            window: { start: windowStart, end: windowEnd },
            requester: { pseudonymousId: 'sh-user-7', unitId: 'sh-u001', unitName: '' },
            purpose: 'XRD',
            sampleDescription: '',
          },
          meta,
          { deadline: Date.now() + 10_000 },
          (e, r) => (e ? reject(e) : resolve(r.booking!)),
        ),
      );
    } finally {
      client.close();
    }
  }

  async function call(method: string, url: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${gw.url}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  beforeAll(async () => {
    // Shanghai is a partner that books over gRPC; its catalog is never pulled here (the sync health shows it).
    partnersDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-admin-'));
    const partners = path.join(partnersDir, 'partners.json');
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
    // The dashboard draws one completed booking's flow: a cell of one session, which the default minimum
    // cell size withholds (test/e2e/monitoring.e2e-spec.ts checks that); here nothing is withheld.
    gw = await startConsoleGateway({ PARTNERS_FILE: partners, GRPC_PORT: '0', REPORT_MIN_CELL_SIZE: '1' }, clock);
    const address = `127.0.0.1:${await startGrpc(gw.app)}`;
    await gw.seed(JX_UNITS, [
      sem({ dutyFreeImport: { declarationNo: '310120251000000001', releaseDate: '2025-06-01', supervisionYears: 3 } }),
      sem({
        localId: 'JX-XRD-002',
        name: 'X射线衍射仪',
        nameEn: 'X-ray diffractometer',
        model: 'D8 Advance',
        categoryCode: '0105',
        requiresOwnerApproval: true,
      }),
    ]);
    // A researcher of the other unit books the duty-free one and customs approves it (Art. 12); a Shanghai user the other.
    const researcher = await gw.token('user', 'jx-u002', 'researcher-jx-u002');
    const booking = (instrumentId: string, key: string) =>
      call(
        'POST',
        '/bookings',
        researcher,
        { instrumentId, start: windowStart.toISOString(), end: windowEnd.toISOString(), purpose: '形貌观察' },
        { 'idempotency-key': key },
      );
    dutyFreeBooking = String((await booking(DUTY_FREE, 'console-admin-1')).id);
    const shanghai = await partnerBooking(address, ON_REQUEST);
    expect(shanghai.status).toBe(BookingStatus.BOOKING_STATUS_PENDING_OWNER);
    onRequestBooking = shanghai.id;
    const customs = await gw.token('customs_officer');
    expect((await call('POST', `/customs/approvals/${dutyFreeBooking}/approve`, customs, { reference: 'JXCUS-2026-0001' })).status).toBe('confirmed');
    clock.set(new Date());
    browser = await launchChromium(CHROMIUM!);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    if (partnersDir) fs.rmSync(partnersDir, { recursive: true, force: true });
  });

  const open = (locale?: string) => openPage(browser, locale);
  const signInAs = (page: Page, role: string) => signIn(page, gw.url, role);

  /** Moves between the unit admin's pages as a person does, by its own menu (a reload would abort the page's calls). */
  async function unitPage(page: Page, link: string): Promise<void> {
    await page.getByRole('navigation', { name: '单位管理' }).getByRole('link', { name: link }).click();
    await page.getByRole('heading', { name: link, level: 1 }).waitFor();
  }

  it(
    "lists the unit's instruments, registers one through the form, and shows a refused registration in words",
    async () => {
      const { page, watch } = await open();
      await signInAs(page, 'unit_admin');
      expect(new URL(page.url()).pathname).toBe('/unit');
      const table = page.getByTestId('unit-instruments');
      await table.getByText('场发射扫描电子显微镜').waitFor();
      await table.getByText('X射线衍射仪').waitFor();
      await checkPage(page, watch, 'unit-instruments');

      await page.getByTestId('register').click();
      const form = page.getByTestId('instrument-form');
      await form.getByLabel('本单位仪器编号').fill('JX-NMR-003');
      await form.getByLabel('仪器名称（中文）').fill('核磁共振波谱仪');
      await form.getByLabel('原值（元）').fill('5800000');
      // A category code that does not exist comes back from the API as field-by-field reasons, and nothing is stored.
      await form.getByLabel('国家分类代码').fill('9999');
      watch.expect(400, /\/api\/v1\/instruments$/);
      await page.getByRole('button', { name: '保存' }).click();
      await form.getByTestId('violations').getByText('categoryCode').waitFor();
      await form.getByLabel('国家分类代码').fill('0106');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByTestId('notice').getByText('jiaxing:jx-u001.JX-NMR-003').waitFor();
      await table.getByText('核磁共振波谱仪').waitFor();
      expect(watch.problems).toEqual([]);
      await page.context().close();
    },
    SLOW,
  );

  it(
    'imports a spreadsheet and reports each refused row with its number and reason',
    async () => {
      const { page, watch } = await open();
      await signInAs(page, 'unit_admin');
      await unitPage(page, '批量导入');
      await page.getByRole('heading', { name: '批量导入', exact: true }).waitFor();
      // The template as a unit fills it: its first example row made real (stored); the other rows
      // keep their EXAMPLE- ids or name another unit, and come back with their row numbers.
      const template = await (await fetch(`${gw.url}/api/v1/instruments/import/template.csv`)).text();
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'import-')), 'instruments.csv');
      fs.writeFileSync(file, template.replace('EXAMPLE-JXU-SEM-0001', 'JX-IMP-0001'));
      await page.getByLabel('表格文件（.xlsx 或 .csv）').setInputFiles(file);
      await page.getByRole('button', { name: '上传并导入' }).click();
      const report = page.getByTestId('import-report');
      await report.waitFor();
      expect(await report.getByRole('status').innerText()).toContain('新增 1');
      const rejected = page.getByTestId('rejected-rows');
      await rejected.getByText('EXAMPLE-TYRD-NMR-0002', { exact: true }).waitFor();
      expect(await rejected.locator('tbody tr').first().locator('td').first().innerText()).toBe('3');
      await checkPage(page, watch, 'unit-import');
      await page.context().close();
    },
    SLOW,
  );

  it(
    "approves a Shanghai user's booking that awaits the unit and completes the customs-approved one with what really happened",
    async () => {
      const { page, watch } = await open();
      await signInAs(page, 'unit_admin');
      await unitPage(page, '预约审批与结算');
      const awaiting = page.getByTestId('awaiting');
      await awaiting.getByText('X射线衍射仪').waitFor();
      // The partner's user is named by its platform only.
      await awaiting.getByText('合作平台 shanghai 的用户').waitFor();
      await checkPage(page, watch, 'unit-bookings');

      await awaiting.getByRole('button', { name: '同意' }).click();
      await page.getByTestId('booking-action-submit').click();
      await page.getByTestId('notice').getByText('X射线衍射仪：已确认。').waitFor();

      const confirmed = page.getByTestId('confirmed');
      const row = confirmed.locator('tr', { hasText: '场发射扫描电子显微镜' });
      await row.getByRole('button', { name: '结算' }).click();
      const action = page.getByTestId('booking-action');
      // The form starts from the booked window (Beijing time); the unit says it ran 90 minutes and charged 750 yuan.
      const start = new Date(windowStart.getTime() + 8 * HOUR).toISOString().slice(0, 16);
      expect(await action.getByLabel('实际开始').inputValue()).toBe(start);
      await action.getByLabel('实际结束').fill(new Date(windowStart.getTime() + 8 * HOUR + 1.5 * HOUR).toISOString().slice(0, 16));
      await action.getByLabel('实收费用（元）').fill('750');
      await page.getByTestId('booking-action-submit').click();
      await page.getByTestId('notice').getByText('场发射扫描电子显微镜：已完成。').waitFor();
      await page.getByTestId('other-bookings').getByText('已完成').waitFor();

      const admin = await gw.token('unit_admin', 'jx-u001');
      const closed = await call('GET', `/bookings/${dutyFreeBooking}`, admin);
      expect(closed.status).toBe('completed');
      expect((await call('GET', `/bookings/${onRequestBooking}`, admin)).status).toBe('confirmed');
      expect(watch.problems).toEqual([]);
      await page.context().close();
    },
    SLOW,
  );

  it(
    'shows the compliance reminders and idle-instrument offers pages',
    async () => {
      const { page, watch } = await open();
      await signInAs(page, 'unit_admin');
      await unitPage(page, '合规提醒');
      await page.getByRole('heading', { name: '合规提醒', level: 1 }).waitFor();
      await page
        .getByText(/第十三条/)
        .first()
        .waitFor();
      await checkPage(page, watch, 'unit-compliance');
      await unitPage(page, '闲置仪器');
      await page.getByRole('heading', { name: '闲置仪器', level: 1 }).waitFor();
      await page.getByLabel('仪器', { exact: true }).locator('option', { hasText: 'X射线衍射仪' }).waitFor({ state: 'attached' });
      await checkPage(page, watch, 'unit-idle-offers');
      await page.context().close();
    },
    SLOW,
  );

  it(
    "shows the completed booking's flow on the commission's dashboard, in both languages, and exports it",
    async () => {
      // The usage rollup runs on the gateway's queue after the closing; wait for it as the dashboard would.
      const monitor = await gw.token('drc_monitor');
      for (let i = 0; i < 100; i++) {
        const matrix = (await call('GET', '/monitoring/cross-region', monitor)).matrix as { sessions: number }[];
        if (matrix.some((c) => c.sessions === 1)) break;
        await new Promise((r) => setTimeout(r, 200));
      }

      const { page, watch } = await open();
      await signInAs(page, 'drc_monitor');
      expect(new URL(page.url()).pathname).toBe('/commission');
      // The monitor's menu never offers what the API refuses it (evaluations are department/admin).
      expect(await page.getByRole('link', { name: '评价结果' }).count()).toBe(0);
      await page.getByRole('img', { name: /跨区域流量热力图/ }).waitFor();
      await page.getByText('查看数据表').first().click();
      const flowRows = page.getByTestId('flow-table').locator('tbody tr');
      const rows: string[][] = [];
      for (let i = 0; i < (await flowRows.count()); i++) rows.push((await flowRows.nth(i).locator('td').allInnerTexts()).map((text) => text.trim()));
      // Jiaxing → Jiaxing: the completed booking, one session of 1.5 effective hours, 750 yuan charged.
      // Shanghai → Jiaxing: the partner's booking the owner approved (2 confirmed hours, not used yet).
      expect(rows).toEqual([
        ['嘉兴', '嘉兴', '1', '2', '1', '1.5', '¥750.00'],
        ['上海', '嘉兴', '1', '2', '0', '0', '¥0.00'],
      ]);
      await page.getByTestId('sources').getByText('正常').first().waitFor();
      await checkPage(page, watch, 'commission-dashboard');

      const download = page.waitForEvent('download');
      await page.getByTestId('export-csv').click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^cross-region-.*-matrix\.csv$/);
      const csv = fs.readFileSync((await file.path())!, 'utf8');
      expect(csv).toContain('shanghai');
      await page.getByTestId('exported').waitFor();

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
      await page.getByRole('img', { name: /Heat map of cross-region flows.*Shanghai → Jiaxing: 1/ }).waitFor();
      await checkPage(page, watch, 'commission-dashboard-en');
      await page.context().close();
    },
    SLOW,
  );

  it(
    'gives the office the evaluations next to the dashboard, and a competent department the evaluations only',
    async () => {
      const { page, watch } = await open();
      await signInAs(page, 'admin');
      await page.getByRole('navigation', { name: '监测与评价' }).getByRole('link', { name: '评价结果' }).click();
      await page.getByTestId('no-evaluations').waitFor();
      expect(await page.getByRole('navigation', { name: '监测与评价' }).getByRole('link').allTextContents()).toEqual(['跨区域监测', '评价结果']);
      await checkPage(page, watch, 'commission-evaluations');
      await page.context().close();

      // The department's start, /commission, leads it to the evaluations: the monitoring API refuses it.
      const department = await open();
      await signInAs(department.page, 'department');
      expect(new URL(department.page.url()).pathname).toBe('/commission/evaluations');
      await department.page.getByTestId('no-evaluations').waitFor();
      expect(department.watch.problems).toEqual([]);
      await department.page.context().close();
    },
    SLOW,
  );
});
