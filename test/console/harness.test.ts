/**
 * The browser harness itself (test/support/browser.ts), against a stand-in page served over HTTPS
 * with a self-signed certificate: chromium starts headless as root, signIn drives a labelled form,
 * cookies and storage can be inspected, axeCheck passes an accessible page and lists the
 * violations of an inaccessible one, screenshots are written, and no chromium process outlives
 * closeBrowser().
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import {
  aria,
  axeCheck,
  closeBrowser,
  closePage,
  currentBrowser,
  fetchStatus,
  narrow,
  newPage,
  overflowsX,
  screenshot,
  scriptVisibleState,
  signIn,
  waitForText,
} from '../support/browser.js';
import { FIXTURE_TOKEN, FIXTURE_USER, startFixture, type Fixture } from '../support/console-fixture.js';

jest.setTimeout(60_000);
const run = promisify(execFile);

/** pid and every descendant of it (chromium's zygote, GPU and renderer processes). */
async function processTree(pid: number): Promise<number[]> {
  const out = await run('pgrep', ['-P', String(pid)]).catch(() => ({ stdout: '' }));
  const children = out.stdout.split('\n').filter(Boolean).map(Number);
  return [pid, ...(await Promise.all(children.map(processTree))).flat()];
}

/** Is pid a live process (not gone, not a zombie waiting to be reaped)? */
async function running(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8').catch(() => '');
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== '' && state !== 'Z' && state !== 'X';
}

describe('console browser harness', () => {
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await startFixture();
  });

  afterAll(async () => {
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
      await axeCheck(page);
      await narrow(page);
      expect(await overflowsX(page)).toBe(false);
      const png = await readFile(await screenshot(page, 'harness-organizations'));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    } finally {
      await closePage(page);
    }
  });

  test('pages do not share sessions', async () => {
    const page = await newPage(fixture);
    try {
      expect(await page.browserContext().cookies()).toEqual([]);
      expect(await fetchStatus(page, '/console/api/x')).toBe(401);
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

  test('closeBrowser leaves no chromium process behind', async () => {
    const pid = (await currentBrowser()).process()?.pid;
    expect(pid).toBeDefined();
    const tree = await processTree(pid!);
    expect(tree.length).toBeGreaterThan(1);
    await closeBrowser();
    const left = await Promise.all(tree.map(running));
    expect(tree.filter((_, i) => left[i])).toEqual([]);
  });
});
