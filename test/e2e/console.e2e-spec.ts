/**
 * The web console in a real browser (Debian's chromium through playwright-core) against the real
 * gateway with partner nodes: what a researcher, a customs officer and the others see and do.
 * Every page: no console error, no failed request, no unexpected HTTP error, no serious or
 * critical axe-core violation, screenshots at desktop and phone width (artifacts/screenshots).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  chromiumPath,
  launchChromium,
  newContext,
  screenshots,
  seriousViolations,
  startConsoleGateway,
  watchPage,
  type ConsoleGateway,
  type PageWatch,
} from '../support/browser';
import { eventually, startTestPartners, type TestPartners } from '../support/federation';
import { JX_UNITS, sem } from '../support/gateway';

const CHROMIUM = chromiumPath();
const CI = process.env.CI === 'true';
if (!CHROMIUM && CI) throw new Error('CI=true but chromium is not installed; .ci/run installs it (apt-get install chromium fonts-noto-cjk)');
if (!CHROMIUM)
  process.stderr.write('\n[skip] console.e2e-spec: no chromium on this machine (apt-get install chromium fonts-noto-cjk); mandatory with CI=true\n');
const describeBrowser = CHROMIUM ? describe : describe.skip;
// A browser walking through pages on a busy two-core machine: each test is a short user journey.
jest.setTimeout(120_000);

const SEM = 'jiaxing:jx-u001.JX-SEM-001';
/** A duty-free import of the other unit, inside customs supervision (Art. 12). */
const DUTY_FREE = 'jiaxing:jx-u002.JX-DF-001';
const DECLARATION = '292020251000000077';

/** Tomorrow in China: the first day the console's calendar shows. */
function tomorrowInChina(): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

describeBrowser('web console', () => {
  let gw: ConsoleGateway;
  let partners: TestPartners;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    partners = await startTestPartners([
      { region: 'shanghai', count: 60, seed: 21 },
      { region: 'jiangsu', count: 60, seed: 22 },
    ]);
    gw = await startConsoleGateway({ PARTNERS_FILE: partners.file });
    await gw.seed(JX_UNITS, [
      sem(),
      sem({
        localId: 'JX-DF-001',
        unitId: 'jx-u002',
        name: '透射电子显微镜',
        nameEn: 'Transmission electron microscope',
        model: 'JEM-F200',
        dutyFreeImport: { declarationNo: DECLARATION, releaseDate: '2025-06-01', supervisionYears: 3 },
      }),
    ]);
    // Electron microscopes from more than one region: the partners' catalogs have arrived.
    await eventually(
      async () =>
        (await (await fetch(`${gw.url}/api/v1/instruments?q=${encodeURIComponent('电镜')}&pageSize=1`)).json()) as {
          facets?: { region: Record<string, number> };
        },
      (r) => Object.keys(r.facets?.region ?? {}).length >= 3,
      60_000,
    );
    browser = await launchChromium(CHROMIUM!);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await partners?.close();
  });

  /** A fresh browser context (own session storage) whose page records what goes wrong on it. */
  async function open(locale = 'zh-CN'): Promise<{ page: Page; watch: PageWatch }> {
    const context = await newContext(browser, locale);
    contexts.push(context);
    const page = await context.newPage();
    return { page, watch: watchPage(page) };
  }

  /** The checks every page passes: axe, screenshots at both widths, nothing gone wrong so far. */
  async function checkPage(page: Page, watch: PageWatch, name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, name);
    expect(watch.problems).toEqual([]);
  }

  async function signInAs(page: Page, role: string): Promise<void> {
    await page.goto(`${gw.url}/sign-in`);
    await page.locator(`button[data-role="${role}"]`).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    // A navigation right after would abort the start page's own calls (a failed request in CI).
    await page.waitForLoadState('networkidle');
  }

  async function bookSlot(page: Page, hour: number, purpose: string, tariff = /./): Promise<string> {
    await page.locator(`button[data-slot="${tomorrowInChina()}T${hour}"]`).click();
    // The API's estimate for this window and this caller, before anything is booked (Art. 19).
    expect(await page.getByTestId('estimate').textContent()).toMatch(tariff);
    await page.getByLabel('用途').fill(purpose);
    await page.getByRole('button', { name: '提交预约' }).click();
    return (await page.getByTestId('booked-status').textContent())!.trim();
  }

  it('serves the sign-in at / in Chinese; page addresses fall back to the console, the API keeps its problem+json 404', async () => {
    const { page, watch } = await open();
    await page.goto(`${gw.url}/`);
    await page.getByRole('heading', { name: '登录', exact: true }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await checkPage(page, watch, 'sign-in');

    const deep = await fetch(`${gw.url}/instruments/${SEM}`, { headers: { accept: 'text/html' } });
    expect([deep.status, deep.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const api = await fetch(`${gw.url}/api/v1/nothing-here`, { headers: { accept: 'text/html' } });
    expect([api.status, api.headers.get('content-type')]).toEqual([404, 'application/problem+json; charset=utf-8']);

    // English on request, and back.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await checkPage(page, watch, 'sign-in-en');
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('a researcher searches 电镜 and finds electron microscopes of several regions, each source with its freshness', async () => {
    const { page, watch } = await open();
    await signInAs(page, 'user');
    expect(new URL(page.url()).pathname).toBe('/search');
    // The researcher's menu: search and their bookings; never customs, a unit's pages or the dashboard.
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual(['仪器搜索', '我的预约']);
    await page.getByLabel('关键词').fill('电镜');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.waitForURL(/q=/);
    await page.getByTestId('hit').first().waitFor();
    // Hits of several regions on the first page, and the region facet counts Jiaxing's and both partners'.
    expect(new Set(await page.getByTestId('hit-region').allTextContents()).size).toBeGreaterThanOrEqual(2);
    const facet = await page.locator('fieldset').first().textContent();
    for (const region of ['嘉兴', '上海', '江苏']) expect(facet).toMatch(new RegExp(`${region} \\(\\d+\\)`));
    expect(await page.locator('.sources').textContent()).toEqual(expect.stringContaining('上海 · 已同步'));
    await checkPage(page, watch, 'search');

    // Filtered to one partner region through the facet: every hit is from there.
    await page.locator('label.el-checkbox', { hasText: '上海' }).click();
    await page.waitForURL(/region=shanghai/);
    // The URL moves before the filtered answer arrives: wait until the page has let go of the other regions' hits.
    await page.getByTestId('hit-region').filter({ hasNotText: '上海' }).first().waitFor({ state: 'detached' });
    await page.getByTestId('hit-region').first().waitFor();
    expect(new Set(await page.getByTestId('hit-region').allTextContents())).toEqual(new Set(['上海']));
    expect(watch.problems).toEqual([]);
  });

  it("a researcher books their unit's instrument from the calendar and sees it confirmed; a duty-free one of another unit awaits customs, explained", async () => {
    const { page, watch } = await open();
    await signInAs(page, 'user');
    await page.goto(`${gw.url}/instruments/${SEM}`);
    await page.getByRole('heading', { name: '场发射扫描电子显微镜' }).waitFor();
    expect(await page.getByTestId('policy-fee').textContent()).toContain('按校内价计费（第19条）');
    await checkPage(page, watch, 'instrument');
    expect(await bookSlot(page, 9, '样品形貌表征', /费用估算：¥600\.00.*校内价.*第19条/)).toBe('已确认');
    // The booked hours are busy in the calendar now.
    await page.locator(`button[data-slot="${tomorrowInChina()}T9"]`).waitFor({ state: 'detached' });

    await page.goto(`${gw.url}/instruments/${DUTY_FREE}`);
    const customs = await page.getByTestId('policy-customs').textContent();
    expect(customs).toContain('海关监管期至');
    expect(customs).toMatch(/第十二条|第12条/);
    await checkPage(page, watch, 'instrument-duty-free');
    expect(await bookSlot(page, 14, '材料结构分析', /费用估算：¥1,000\.00.*对外价/)).toBe('待海关审批');

    await page.getByRole('link', { name: '查看我的预约' }).click();
    await page.getByRole('heading', { name: '我的预约' }).waitFor();
    // The heading comes before the list's answer: wait for both bookings' rows before reading them.
    await page.getByTestId('booking-status').nth(1).waitFor();
    const statuses = await page.getByTestId('booking-status').allTextContents();
    expect(statuses.sort()).toEqual(['已确认', '待海关审批'].sort());
    await page.getByRole('button', { name: '详情' }).first().click();
    await page.getByRole('heading', { name: '处理记录' }).waitFor();
    await checkPage(page, watch, 'my-bookings');
  });

  it("a researcher cancels a booking; a refused cancellation is explained in the API's words and changes nothing", async () => {
    const { page, watch } = await open();
    await signInAs(page, 'user');
    await page.goto(`${gw.url}/instruments/${SEM}`);
    expect(await bookSlot(page, 16, '临时测试')).toBe('已确认');
    await page.goto(`${gw.url}/bookings?`);
    const booking = page.getByTestId('booking').filter({ hasText: '临时测试' });
    await booking.getByRole('button', { name: '取消预约' }).click();
    // A phone number in the reason would reach a partner platform: the API refuses it (400, Art. 17).
    watch.expect(400, /\/cancel$/);
    await booking.getByLabel('取消原因（可选）').fill('请致电 13812345678');
    await booking.getByRole('button', { name: '确定取消这个预约吗？' }).click();
    const problem = await booking.getByTestId('problem').textContent();
    expect(problem).toMatch(/phone|电话|Art\. 17|第17条/i);
    expect(await booking.getByTestId('booking-status').textContent()).toBe('已确认');
    await booking.getByLabel('取消原因（可选）').fill('课题调整');
    await booking.getByRole('button', { name: '确定取消这个预约吗？' }).click();
    await booking.getByTestId('booking-status').filter({ hasText: '已取消' }).waitFor();
    await booking.getByRole('button', { name: '详情' }).click();
    expect(await booking.locator('.audit').textContent()).toContain('课题调整');
    expect(watch.problems).toEqual([]);
  });

  it('a customs officer sees the pending booking with its declaration, approves it with a reference, and the researcher sees it confirmed', async () => {
    const { page, watch } = await open();
    await signInAs(page, 'customs_officer');
    expect(new URL(page.url()).pathname).toBe('/customs');
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual(['仪器搜索', '海关审批']);
    const item = page.getByTestId('approval').filter({ hasText: DECLARATION });
    await item.waitFor();
    expect(await item.textContent()).toEqual(expect.stringContaining('jx-u001'));
    await checkPage(page, watch, 'customs-pending');
    await item.getByLabel('审批文号').fill('嘉关监〔2026〕88号');
    await item.getByRole('button', { name: '批准' }).click();
    await page.getByText('没有待审批的预约').waitFor();
    await page.getByRole('tab', { name: '已处理' }).click();
    const decided = page.getByTestId('approval').filter({ hasText: '嘉关监〔2026〕88号' });
    await decided.waitFor();
    expect(await decided.textContent()).toContain('已确认');
    await checkPage(page, watch, 'customs-decided');

    const researcher = await open();
    await signInAs(researcher.page, 'user');
    await researcher.page.goto(`${gw.url}/bookings`);
    await researcher.page.getByTestId('booking').first().waitFor();
    expect((await researcher.page.getByTestId('booking-status').allTextContents()).sort()).toEqual(['已取消', '已确认', '已确认'].sort());
    expect(researcher.watch.problems).toEqual([]);
  });

  it('each role sees only its own areas; a page the role may not use is never shown', async () => {
    for (const [role, menu, shot] of [
      ['unit_admin', ['仪器搜索', '我的预约', '本单位'], 'unit-home'],
      ['drc_monitor', ['仪器搜索', '监测看板'], 'commission-home'],
    ] as const) {
      const { page, watch } = await open();
      await signInAs(page, role);
      // The main menu only: an area's own pages have a second navigation of their own (its sub-menu).
      expect(await page.getByRole('navigation', { name: '主菜单' }).getByRole('link').allTextContents()).toEqual(menu);
      await checkPage(page, watch, shot);
      // Typed into the address bar: the customs queue is not this role's, so it lands on its own start.
      await page.goto(`${gw.url}/customs`);
      await page.waitForURL((url) => url.pathname !== '/customs');
      expect(watch.problems).toEqual([]);
    }
  });
});
