/**
 * Real-browser harness for the web console tests (test/console/, `make e2e-console`): Debian's
 * chromium (/usr/bin/chromium, installed by hack/ensure-chromium.sh) driven headless by
 * puppeteer-core. One browser per test file, launched on the first newPage() and ended by
 * closeBrowser() in afterAll; each page has its own browser context (own cookies), so users do not
 * share a session. The server's certificate is self-signed, so this browser accepts any
 * certificate; it is never used for anything but the server under test.
 *
 * Find controls by role and accessible name (`aria(page, 'Sign in', 'button')`), as a user would.
 * axeCheck() injects axe-core and fails on serious or critical violations. screenshot() always
 * writes into a temp dir and copies into docs/console/ only with CONSOLE_SCREENSHOTS=1, so a test
 * run never dirties the tree.
 */
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { repoRoot } from './e2e.js';

export const CHROMIUM = '/usr/bin/chromium';
export const WIDE = { width: 1280, height: 800 } as const;
export const NARROW = { width: 390, height: 844 } as const;

let browser: Promise<Browser> | undefined;

function launch(): Promise<Browser> {
  browser ??= puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    acceptInsecureCerts: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run'],
  });
  return browser;
}

/** The browser of this test file (launched on first use); for tests that check its process. */
export function currentBrowser(): Promise<Browser> {
  return launch();
}

/** Closes this file's browser (call in afterAll); its chromium processes are gone on return. */
export async function closeBrowser(): Promise<void> {
  const b = browser;
  browser = undefined;
  if (b) await (await b).close();
}

/** A 1280 px wide page in a fresh browser context, opened at server.url + path. */
export async function newPage(server: { readonly url: string }, path = '/console/'): Promise<Page> {
  const context = await (await launch()).createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.setViewport(WIDE);
  const res = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  if (!res?.ok()) {
    const status = res?.status() ?? 0;
    const body = res ? (await res.text()).slice(0, 300) : '';
    await context.close();
    throw new Error(`GET ${path} answered ${String(status)}: ${body}`);
  }
  return page;
}

/** Closes the page and its browser context (its cookies go with it). */
export async function closePage(page: Page): Promise<void> {
  await page.browserContext().close();
}

/** Switches the page to a 390 px wide phone viewport. */
export async function narrow(page: Page): Promise<void> {
  await page.setViewport(NARROW);
}

/** Does the page scroll sideways (content wider than the viewport)? */
export async function overflowsX(page: Page): Promise<boolean> {
  return (await page.evaluate(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth',
  )) as boolean;
}

/** The first element with this accessible name (and role, when given); waits for it. */
export function aria(page: Page, name: string, role?: string) {
  const q = JSON.stringify(name);
  return page.locator(`::-p-aria([name=${q}]${role === undefined ? '' : `[role=${JSON.stringify(role)}]`})`);
}

/** Resolves once the page shows this text (anywhere, including alerts). */
export async function waitForText(page: Page, text: string, timeoutMs = 10_000): Promise<void> {
  await page.waitForFunction(
    `document.body !== null && document.body.innerText.includes(${JSON.stringify(text)})`,
    { timeout: timeoutMs },
  );
}

/** The page's visible text. */
export async function pageText(page: Page): Promise<string> {
  return String(await page.evaluate('document.body ? document.body.innerText : ""'));
}

/** Calls the console API from inside the page (the browser sends the session cookie). */
export async function fetchStatus(page: Page, path: string, method = 'GET'): Promise<number> {
  const init =
    method === 'GET' ? '{}' : `{method:${JSON.stringify(method)},headers:{'X-Orgplane-Console':'1'}}`;
  return (await page.evaluate(`fetch(${JSON.stringify(path)}, ${init}).then((r) => r.status)`)) as number;
}

/** Everything in localStorage, sessionStorage and document.cookie, as one string (for leak checks). */
export async function scriptVisibleState(page: Page): Promise<string> {
  return String(
    await page.evaluate(
      'JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })',
    ),
  );
}

export type Credentials =
  { readonly username: string; readonly password: string } | { readonly token: string };

/**
 * Fills the sign-in page (fields labelled "Username" and "Password", or "Token") and presses
 * "Sign in"; a password wins when creds has both (a ConsoleUser). When no "Token" field is shown, a
 * tab, radio or button named "Token" switches to it. Does not wait for the outcome.
 */
export async function signIn(page: Page, creds: Credentials): Promise<void> {
  if ('password' in creds) {
    await aria(page, 'Username', 'textbox').fill(creds.username);
    await aria(page, 'Password', 'textbox').fill(creds.password);
  } else {
    if (!(await page.$(`::-p-aria([name="Token"][role="textbox"])`))) await switchToToken(page);
    await aria(page, 'Token', 'textbox').fill(creds.token);
  }
  await aria(page, 'Sign in', 'button').click();
}

async function switchToToken(page: Page): Promise<void> {
  for (const role of ['tab', 'radio', 'button']) {
    const el = await page.$(`::-p-aria([name="Token"][role="${role}"])`);
    if (el) {
      await el.click();
      return;
    }
  }
  throw new Error('sign-in page has no "Token" field, nor a tab, radio or button named "Token"');
}

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly helpUrl: string;
  readonly nodes: readonly { readonly target: readonly unknown[]; readonly failureSummary?: string }[];
}

let axeSource: Promise<string> | undefined;

/**
 * Runs axe-core on the page as it is now and throws a readable list of serious and critical
 * violations (rule, help, the elements). axe is evaluated over the DevTools protocol, so the
 * console's CSP (no inline scripts) stays in force and is not what is being tested here.
 */
export async function axeCheck(page: Page, label = page.url()): Promise<void> {
  axeSource ??= readFile(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(await axeSource);
  const violations = JSON.parse(
    String(
      await page.evaluate(
        `axe.run(document, { resultTypes: ['violations'] }).then((r) => JSON.stringify(r.violations))`,
      ),
    ),
  ) as AxeViolation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length === 0) return;
  const lines = bad.map(
    (v) =>
      `- ${v.id} (${v.impact ?? '?'}): ${v.help} [${v.helpUrl}]\n` +
      v.nodes.map((n) => `    at ${n.target.map(String).join(' ')}`).join('\n'),
  );
  throw new Error(
    `axe: ${String(bad.length)} serious/critical violation(s) on ${label}:\n${lines.join('\n')}`,
  );
}

let shotDir: Promise<string> | undefined;

/**
 * Saves a full-page PNG as <name>.png in a temp dir, and copies it to docs/console/<name>.png when
 * CONSOLE_SCREENSHOTS=1. Returns the temp file's path.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`screenshot name ${name}: use [a-z0-9-]`);
  shotDir ??= mkdtemp(join(tmpdir(), 'orgplane-console-shots-'));
  const file = join(await shotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (process.env.CONSOLE_SCREENSHOTS === '1') {
    const docs = join(repoRoot, 'docs/console');
    await mkdir(docs, { recursive: true });
    await copyFile(file, join(docs, `${name}.png`));
  }
  return file;
}
