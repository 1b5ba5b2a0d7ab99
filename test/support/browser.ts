import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mintToken, type Role } from '@app/auth';
import { SeedCatalogUseCase, type InstrumentInput, type ManagementUnit } from '@app/catalog';
import type { Clock } from '@app/common';
import { loadConfig, type AppConfig } from '@app/config';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createGateway } from '../../apps/gateway/src/bootstrap';
import { ensureConsoleBuild } from '../../scripts/console-build';
import { openTestDatabase, type StorageMode } from './databases';
import { TEST_RATE_LIMITS } from './gateway';
import { TEST_SECRETS } from './secrets';
import { postgresAvailable } from './servers';

export const REPO_ROOT = path.resolve(__dirname, '../..');
/** Screenshots of every page the browser suite visits (ignored by git). */
export const SCREENSHOTS = path.join(REPO_ROOT, 'artifacts', 'screenshots');

/** Debian's chromium, never a downloaded browser; undefined when the machine has none. */
export function chromiumPath(): string | undefined {
  for (const candidate of ['chromium', 'chromium-browser']) {
    const found = spawnSync('sh', ['-c', `command -v ${candidate}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return undefined;
}

// Without the background-networking flags Chromium phones home; a closed network refuses it and
// those attempts would show up as failed requests of the page.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** playwright-core gives the browser a fresh temporary profile of its own and removes it on close. */
export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

export interface ConsoleGateway {
  app: NestFastifyApplication;
  config: AppConfig;
  url: string;
  token(role: Role, unitId?: string, sub?: string): Promise<string>;
  seed(units: ManagementUnit[], instruments: InstrumentInput[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real gateway listening on loopback, in demo mode (so the one-click sign-in answers) on the
 * tests' own secrets, serving the console's build (built here when missing or stale). A suite that
 * needs a booking's window to have started passes its own clock; bench:console asks for the demo's
 * embedded database.
 */
export async function startConsoleGateway(
  env: Record<string, string> = {},
  clock?: Clock,
  storage: StorageMode = postgresAvailable() ? 'postgres' : 'embedded',
): Promise<ConsoleGateway> {
  ensureConsoleBuild();
  const database = await openTestDatabase(storage);
  const config = loadConfig({ ...TEST_SECRETS, LOG_LEVEL: 'silent', NODE_ENV: 'test', HTTP_PORT: '0', ...TEST_RATE_LIMITS, ...env }, REPO_ROOT, { demo: true });
  const app = await createGateway(config, { database, ...(clock ? { clock } : {}) });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    url: `http://127.0.0.1:${address.port}`,
    token: (role, unitId, sub = `${role}-${unitId ?? 'none'}`) => mintToken(config.auth.jwtSecret, { sub, roles: [role], unitId, region: 'jiaxing' }),
    async seed(units, instruments) {
      await app.get(SeedCatalogUseCase).execute({ region: 'jiaxing', sourcePlatform: 'local', units, instruments });
    },
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}

/** What a page did wrong while a test drove it: console errors, failed requests, HTTP errors the test did not expect. */
export interface PageWatch {
  readonly problems: string[];
  /** Answers with these statuses on URLs matching are the test's own doing (e.g. a 409 it provokes). */
  expect(status: number, url: RegExp): void;
}

export function watchPage(page: Page): PageWatch {
  const problems: string[] = [];
  const expected: { status: number; url: RegExp }[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // Chromium logs every 4xx answer as "Failed to load resource"; the response listener judges those.
    if (/Failed to load resource: the server responded with a status of/.test(text)) return;
    problems.push(`console error: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // A request the page gave up because the test navigated away (page.goto while the start page's
  // search was in flight) is reported as net::ERR_ABORTED: no user meets that. It is judged when the
  // problems are read, since Chromium may report the abort before the navigation event: an abort
  // with no main-frame navigation after the request began, and every other failure, is a problem.
  let navigations = 0;
  const startedAt = new WeakMap<object, number>();
  const aborted: { line: string; navigationsAtStart: number }[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });
  page.on('request', (request) => startedAt.set(request, navigations));
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? '';
    const line = `request failed: ${request.method()} ${request.url()} ${error}`;
    if (error === 'net::ERR_ABORTED') aborted.push({ line, navigationsAtStart: startedAt.get(request) ?? navigations });
    else problems.push(line);
  });
  page.on('response', (response) => {
    const status = response.status();
    if (status < 400) return;
    if (expected.some((e) => e.status === status && e.url.test(response.url()))) return;
    problems.push(`HTTP ${status}: ${response.request().method()} ${response.url()}`);
  });
  return {
    get problems() {
      return [...problems, ...aborted.filter((a) => navigations === a.navigationsAtStart).map((a) => a.line)];
    },
    expect: (status, url) => expected.push({ status, url }),
  };
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core in the page: the violations of serious or critical impact, as readable lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Expressions run in the page (this project's TypeScript has no DOM types). Evaluated through the
  // DevTools protocol, not a <script> tag, which the console's Content-Security-Policy refuses.
  if (!(await page.evaluate<boolean>(`'axe' in window`))) await page.evaluate(AXE);
  const result = await page.evaluate<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>(
    `axe.run(document, { resultTypes: ['violations'] })`,
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    );
}

/** The page at desktop width and at a 375 px phone's, into artifacts/screenshots. */
export async function screenshots(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const desktop = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-phone.png`), fullPage: true });
  // Nothing may overflow sideways at phone width: the page must be usable without horizontal scrolling.
  const overflow = await page.evaluate<number>(`document.documentElement.scrollWidth - window.innerWidth`);
  await page.setViewportSize(desktop);
  if (overflow > 1) throw new Error(`${name}: ${overflow} px wider than a 375 px phone`);
}

export async function newContext(browser: Browser, locale = 'zh-CN'): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, locale, timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
}

/** A fresh page (own session storage) that records what goes wrong on it. */
export async function openPage(browser: Browser, locale = 'zh-CN'): Promise<{ page: Page; watch: PageWatch }> {
  const page = await (await newContext(browser, locale)).newPage();
  return { page, watch: watchPage(page) };
}

/** The checks every page passes before a test moves on: axe-core, both screenshots, nothing gone wrong. */
export async function checkPage(page: Page, watch: PageWatch, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const violations = await seriousViolations(page);
  if (violations.length > 0) throw new Error(`${name}: ${violations.join('; ')}`);
  await screenshots(page, name);
  if (watch.problems.length > 0) throw new Error(`${name}: ${watch.problems.join('; ')}`);
}

/** The demo's one-click sign-in as `role`; returns once the role's start page has made its calls. */
export async function signInAs(page: Page, baseUrl: string, role: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.locator(`button[data-role="${role}"]`).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  // A navigation right after would abort the start page's own calls.
  await page.waitForLoadState('networkidle');
}
