/**
 * The web console in a real browser (Debian's chromium through playwright-core) against the real
 * gateway with partner nodes: what a researcher, a customs officer and the others see and do.
 * Every page: no console error, no failed request, no serious or critical axe-core violation,
 * screenshots at desktop and phone width (artifacts/screenshots).
 */
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, launchChromium, newContext, screenshots, seriousViolations, startConsoleGateway, watchPage, type ConsoleGateway, type PageWatch } from '../support/browser';
import { JX_UNITS, sem } from '../support/gateway';

const CHROMIUM = chromiumPath();
const CI = process.env.CI === 'true';
if (!CHROMIUM && CI) throw new Error('CI=true but chromium is not installed; .ci/run installs it (apt-get install chromium fonts-noto-cjk)');
if (!CHROMIUM) process.stderr.write('\n[skip] console.e2e-spec: no chromium on this machine (apt-get install chromium fonts-noto-cjk); mandatory with CI=true\n');
const describeBrowser = CHROMIUM ? describe : describe.skip;

describeBrowser('web console', () => {
  let gw: ConsoleGateway;
  let browser: Browser;

  beforeAll(async () => {
    gw = await startConsoleGateway();
    await gw.seed(JX_UNITS, [sem()]);
    browser = await launchChromium(CHROMIUM!);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  /** A fresh page (own session storage) that records what goes wrong on it. */
  async function open(locale = 'zh-CN'): Promise<{ page: Page; watch: PageWatch }> {
    const context = await newContext(browser, locale);
    const page = await context.newPage();
    return { page, watch: watchPage(page) };
  }

  /** The checks every page passes before the test moves on. */
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
  }

  it('serves the console at / in Chinese, and a page address falls back to it while the API keeps its problem+json 404', async () => {
    const { page, watch } = await open();
    await page.goto(`${gw.url}/`);
    await page.getByRole('heading', { name: '登录', exact: true }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await checkPage(page, watch, 'sign-in');

    const deep = await fetch(`${gw.url}/bookings`, { headers: { accept: 'text/html' } });
    expect([deep.status, deep.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const api = await fetch(`${gw.url}/api/v1/nothing-here`, { headers: { accept: 'text/html' } });
    expect([api.status, api.headers.get('content-type')]).toEqual([404, 'application/problem+json; charset=utf-8']);
    expect((await fetch(`${gw.url}/health/live`)).status).toBe(200);
    await page.context().close();
  });

  it('switches to English and back, and a one-click researcher lands on the search', async () => {
    const { page, watch } = await open();
    await page.goto(`${gw.url}/sign-in`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('button', { name: '中文' }).click();
    await signInAs(page, 'user');
    expect(new URL(page.url()).pathname).toBe('/search');
    // The researcher's menu: search and bookings, never customs or the dashboard.
    const menu = await page.getByRole('navigation').getByRole('link').allTextContents();
    expect(menu).toEqual(['仪器搜索', '我的预约']);
    await checkPage(page, watch, 'search-empty');
    await page.context().close();
  });
});
