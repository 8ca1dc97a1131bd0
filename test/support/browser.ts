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
 * writes into SCREENSHOT_DIR (in the temp dir) and copies into docs/console/ only with
 * CONSOLE_SCREENSHOTS=1, so a test run never dirties the tree.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { repoRoot } from './e2e.js';
import { isRunning, processGroupOf } from './processes.js';

export const CHROMIUM = '/usr/bin/chromium';
export const WIDE = { width: 1280, height: 800 } as const;
export const NARROW = { width: 390, height: 844 } as const;

interface Launched {
  readonly browser: Browser;
  /** XDG_CONFIG_HOME of this chromium: its crash handlers (which detach) name it */
  readonly configDir: string;
}

let launched: Promise<Launched> | undefined;

function launch(): Promise<Launched> {
  launched ??= (async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run hack/ensure-chromium.sh`);
    const configDir = await mkdtemp(join(tmpdir(), 'orgplane-chromium-'));
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      acceptInsecureCerts: true,
      env: { ...process.env, XDG_CONFIG_HOME: configDir },
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run'],
    });
    return { browser, configDir };
  })();
  return launched;
}

/** The browser of this test file (launched on first use). */
export async function currentBrowser(): Promise<Browser> {
  return (await launch()).browser;
}

/** The live processes of this file's chromium: the browser's tree and its crash handlers. */
export async function browserProcesses(): Promise<number[]> {
  const l = await launched?.catch(() => undefined);
  return l ? processesOf(l) : [];
}

async function processesOf({ browser, configDir }: Launched): Promise<number[]> {
  const pid = browser.process()?.pid;
  return pid === undefined ? [] : processGroupOf(pid, configDir);
}

/**
 * Closes this file's browser (call in afterAll). Resolves once every one of its processes has
 * ended; throws (after SIGKILLing them) if any is still running 5 s later.
 */
export async function closeBrowser(): Promise<void> {
  const pending = launched;
  launched = undefined;
  const l = await pending?.catch(() => undefined); // a failed launch was reported where it failed
  if (!l) return;
  const { browser, configDir } = l;
  const pids = await processesOf(l);
  await browser.close();
  let left = pids;
  for (const until = Date.now() + 5000; left.length > 0 && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 50));
    left = (await Promise.all(pids.map(async (p) => ((await isRunning(p)) ? [p] : [])))).flat();
  }
  for (const p of left) process.kill(p, 'SIGKILL');
  await rm(configDir, { recursive: true, force: true });
  if (left.length > 0) throw new Error(`chromium processes outlived close(): ${left.join(', ')}`);
}

/** A 1280 px wide page in a fresh browser context, opened at server.url + path. */
export async function newPage(server: { readonly url: string }, path = '/console/'): Promise<Page> {
  const context = await (await currentBrowser()).createBrowserContext();
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

export interface PageFetchOptions {
  readonly method?: string;
  /** sent as JSON */
  readonly body?: unknown;
  /** send X-Orgplane-Console: 1 (default true; the console's CSRF check wants it on writes) */
  readonly consoleHeader?: boolean;
}

/**
 * fetch() from inside the page, as the console's own code would (the browser adds the session
 * cookie): the status and the body parsed as JSON (undefined when it is not JSON).
 */
export async function pageFetch(
  page: Page,
  path: string,
  opts: PageFetchOptions = {},
): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = {};
  if (opts.consoleHeader ?? true) headers['X-Orgplane-Console'] = '1';
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const init = JSON.stringify({
    method: opts.method ?? 'GET',
    headers,
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  const out = String(
    await page.evaluate(
      `fetch(${JSON.stringify(path)}, ${init}).then(async (r) => JSON.stringify({ status: r.status, text: await r.text() }))`,
    ),
  );
  const { status, text } = JSON.parse(out) as { status: number; text: string };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, json };
}

/** The status of a GET from inside the page. */
export async function fetchStatus(page: Page, path: string): Promise<number> {
  return (await pageFetch(page, path)).status;
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

/** A form control as the page sees it (only what signIn needs). */
interface FormControl {
  readonly form: { querySelector(selector: string): unknown } | null;
}

/**
 * Fills the sign-in page (fields labelled "Username" and "Password", or "Token") and presses the
 * "Sign in" button of the form holding the field (the page may have one form per method); a
 * password wins when creds has both (a ConsoleUser). When no "Token" field is shown, a tab, radio
 * or button named "Token" switches to it. Does not wait for the outcome.
 */
export async function signIn(page: Page, creds: Credentials): Promise<void> {
  await aria(page, 'Sign in', 'button').wait();
  let last: string;
  if ('password' in creds) {
    await aria(page, 'Username', 'textbox').fill(creds.username);
    await aria(page, 'Password', 'textbox').fill(creds.password);
    last = 'Password';
  } else {
    if (!(await page.$(`::-p-aria([name="Token"][role="textbox"])`))) await switchToToken(page);
    await aria(page, 'Token', 'textbox').fill(creds.token);
    last = 'Token';
  }
  const field = await aria(page, last, 'textbox').waitHandle();
  const button = (
    await field.evaluateHandle(
      (el) =>
        (el as unknown as FormControl).form?.querySelector('button[type="submit"], button:not([type])') ??
        null,
    )
  ).asElement();
  if (button) await button.click();
  else await aria(page, 'Sign in', 'button').click();
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

/** Where every screenshot lands (overwritten run after run); docs/console/ gets copies on request. */
export const SCREENSHOT_DIR = join(tmpdir(), 'orgplane-console-screenshots');

/**
 * Saves a full-page PNG as SCREENSHOT_DIR/<name>.png, and copies it to docs/console/<name>.png when
 * CONSOLE_SCREENSHOTS=1. Returns the path in SCREENSHOT_DIR.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`screenshot name ${name}: use [a-z0-9-]`);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (process.env.CONSOLE_SCREENSHOTS === '1') {
    const docs = join(repoRoot, 'docs/console');
    await mkdir(docs, { recursive: true });
    await copyFile(file, join(docs, `${name}.png`));
  }
  return file;
}

/**
 * axe at 1280 px, then at 390 px, where the page must not scroll sideways; the page is wide again
 * afterwards.
 */
export async function axeAtBothWidths(page: Page, label: string): Promise<void> {
  await axeCheck(page, `${label} at 1280 px`);
  await narrow(page);
  await axeCheck(page, `${label} at 390 px`);
  if (await overflowsX(page)) throw new Error(`${label} scrolls sideways at 390 px`);
  await page.setViewport(WIDE);
}

/** A page signed in as `creds`, showing `path` (the console keeps the URL through sign-in). */
export async function signedInAt(
  server: { readonly url: string },
  creds: Credentials,
  path: string,
): Promise<Page> {
  const page = await newPage(server, path);
  await signIn(page, creds);
  await aria(page, 'Sign out', 'button').wait();
  return page;
}

/** Runs fn on a page signed in as `creds` at `path`, closing the page (and its cookies) afterwards. */
export async function withSignedInPage(
  server: { readonly url: string },
  creds: Credentials,
  path: string,
  fn: (page: Page) => Promise<void>,
): Promise<void> {
  const page = await signedInAt(server, creds, path);
  try {
    await fn(page);
  } finally {
    await closePage(page);
  }
}
