/**
 * The browser harness itself (test/support/browser.ts), against a stand-in page served over HTTPS
 * with a self-signed certificate: chromium starts headless as root, signIn drives a labelled form,
 * cookies and storage can be inspected, axeCheck passes an accessible page and lists the
 * violations of an inaccessible one, screenshots are written, and no chromium process outlives
 * closeBrowser().
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import {
  aria,
  browserProcesses,
  axeCheck,
  closeBrowser,
  closePage,
  currentBrowser,
  fetchStatus,
  narrow,
  newPage,
  pageFetch,
  overflowsX,
  screenshot,
  scriptVisibleState,
  signIn,
  waitForText,
} from '../support/browser.js';
import { isRunning } from '../support/processes.js';
import { FIXTURE_TOKEN, FIXTURE_USER, startFixture, type Fixture } from '../support/console-fixture.js';

jest.setTimeout(60_000);
describe('console browser harness', () => {
  let fixture: Fixture;
  const publish = process.env.CONSOLE_SCREENSHOTS;

  beforeAll(async () => {
    delete process.env.CONSOLE_SCREENSHOTS; // the stand-in page's screenshots never reach docs/
    fixture = await startFixture();
  });

  afterAll(async () => {
    if (publish !== undefined) process.env.CONSOLE_SCREENSHOTS = publish;
    await closeBrowser();
    await fixture.close();
  });

  test('signs in through labelled fields; the session cookie is HttpOnly and never visible to scripts', async () => {
    const page = await newPage(fixture);
    try {
      await axeCheck(page);
      await signIn(page, { username: FIXTURE_USER.username, password: 'wrong' });
      await waitForText(page, 'invalid username or password');
      expect(await fetchStatus(page, '/console/api/x')).toBe(401);
      await signIn(page, FIXTURE_USER);
      await aria(page, 'Organizations', 'heading').wait();
      const cookie = (await page.browserContext().cookies()).find((c) => c.name === 'orgplane-console');
      expect(cookie).toMatchObject({
        value: FIXTURE_TOKEN,
        httpOnly: true,
        secure: true,
        sameSite: 'Strict',
      });
      expect(await scriptVisibleState(page)).not.toContain(FIXTURE_TOKEN);
      expect(await fetchStatus(page, '/console/api/x')).toBe(200);
      expect(await pageFetch(page, '/console/session', { method: 'POST', body: { username: 'x' } })).toEqual({
        status: 401,
        json: { message: 'invalid username or password' },
      });
      await axeCheck(page);
      await narrow(page);
      expect(await overflowsX(page)).toBe(false);
      const png = await readFile(await screenshot(page, 'harness-organizations'));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    } finally {
      await closePage(page);
    }
  });

  test('pages do not share sessions; token sign-in submits the token form', async () => {
    const page = await newPage(fixture);
    try {
      expect(await page.browserContext().cookies()).toEqual([]);
      expect(await fetchStatus(page, '/console/api/x')).toBe(401);
      await signIn(page, { token: 'not-a-token' });
      await waitForText(page, 'invalid username or password');
      await signIn(page, { token: FIXTURE_TOKEN });
      await aria(page, 'Organizations', 'heading').wait();
      expect(await fetchStatus(page, '/console/api/x')).toBe(200);
    } finally {
      await closePage(page);
    }
  });

  test('axeCheck lists the serious and critical violations of an inaccessible page', async () => {
    const page = await newPage(fixture, '/console/bad');
    try {
      const err = await axeCheck(page, 'the bad page').then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.message).toMatch(/^axe: \d+ serious\/critical violation\(s\) on the bad page:/);
      expect(err?.message).toMatch(/- image-alt \(critical\): Images must have alternative text/);
      expect(err?.message).toMatch(/- label \(critical\).*\n {4}at input/);
      expect(err?.message).toMatch(/- html-has-lang \(serious\): <html> element must have a lang attribute/);
    } finally {
      await closePage(page);
    }
  });

  test('closeBrowser leaves no chromium process behind, crash handlers included', async () => {
    await currentBrowser();
    const pids = await browserProcesses();
    const handlers = await Promise.all(
      pids.map(async (p) =>
        (await readFile(`/proc/${String(p)}/cmdline`, 'utf8').catch(() => '')).includes('crashpad'),
      ),
    );
    expect(pids.length).toBeGreaterThan(2);
    expect(handlers).toContain(true);
    await closeBrowser();
    expect((await Promise.all(pids.map(isRunning))).filter(Boolean)).toEqual([]);
    expect(await browserProcesses()).toEqual([]);
  });
});
