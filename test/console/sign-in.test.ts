/**
 * Signing in to the web console in a real browser, on both stores: the sign-in page, a wrong
 * password's message, password and token sign-in onto the organizations page (an organization
 * admin sees only its own organization), signing out (the cookie is gone and /console/api/ answers
 * 401), the session cookie HttpOnly and the token never visible to scripts, and axe on both pages.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Page } from 'puppeteer-core';
import {
  aria,
  axeCheck,
  closeBrowser,
  closePage,
  fetchStatus,
  newPage,
  pageText,
  screenshot,
  scriptVisibleState,
  signIn,
  waitForText,
} from '../support/browser.js';
import {
  createOrgAdmin,
  createOrganization,
  createViewer,
  type ConsoleUser,
} from '../support/console-users.js';
import { startE2eServer, type E2eServer } from '../support/e2e.js';

jest.setTimeout(60_000);

const ORGS_API = '/console/api/apis/orgplane.io/v1alpha1/organizations';
const COOKIE = 'orgplane-console';

const sessionCookie = async (page: Page) =>
  (await page.browserContext().cookies()).find((c) => c.name === COOKIE);

/** Runs fn on a fresh page at /console/, closing the page (and its cookies) afterwards. */
async function withPage(server: E2eServer, fn: (page: Page) => Promise<void>): Promise<void> {
  const page = await newPage(server);
  try {
    await fn(page);
  } finally {
    await closePage(page);
  }
}

afterAll(closeBrowser);

describe.each(['embedded', 'etcd'] as const)('console sign-in on %s', (backend) => {
  let server: E2eServer;
  let admin: ConsoleUser;
  let viewer: ConsoleUser;

  beforeAll(async () => {
    server = await startE2eServer(backend);
    await createOrganization(server, 'globex', 'Globex Corporation');
    await createOrganization(server, 'initech', 'Initech');
    admin = await createOrgAdmin(server, 'globex', 'carol');
    viewer = await createViewer(server, 'initech', 'dave');
  }, 120_000);

  afterAll(async () => {
    await server.stop();
  });

  test('/console/ shows the sign-in page, which passes axe', async () => {
    await withPage(server, async (page) => {
      await aria(page, 'Username', 'textbox').wait();
      await aria(page, 'Password', 'textbox').wait();
      await aria(page, 'Sign in', 'button').wait();
      await axeCheck(page, 'the sign-in page');
      if (backend === 'embedded') await screenshot(page, 'sign-in');
    });
  });

  test('a wrong password shows the server message and sets no cookie', async () => {
    await withPage(server, async (page) => {
      await signIn(page, { username: admin.username, password: 'not the password' });
      await waitForText(page, 'invalid username or password');
      expect(await sessionCookie(page)).toBeUndefined();
      expect(await fetchStatus(page, ORGS_API)).toBe(401);
    });
  });

  test('password sign-in lands on the organizations page, showing only the admin’s organization', async () => {
    await withPage(server, async (page) => {
      await signIn(page, admin);
      await aria(page, 'Organizations', 'heading').wait();
      await waitForText(page, 'globex');
      expect(await pageText(page)).not.toContain('initech');
      const cookie = await sessionCookie(page);
      expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/console/' });
      expect(cookie?.value).not.toBe('');
      expect(await scriptVisibleState(page)).not.toContain(cookie?.value ?? '');
      expect(await fetchStatus(page, ORGS_API)).toBe(200);
      await axeCheck(page, 'the organizations page');
      if (backend === 'embedded') await screenshot(page, 'organizations');
    });
  });

  test('token sign-in works, and the token is kept from scripts', async () => {
    await withPage(server, async (page) => {
      await signIn(page, { token: viewer.token });
      await aria(page, 'Organizations', 'heading').wait();
      await waitForText(page, 'initech');
      expect(await pageText(page)).not.toContain('globex');
      expect((await sessionCookie(page))?.httpOnly).toBe(true);
      expect(await scriptVisibleState(page)).not.toContain(viewer.token);
    });
  });

  test('signing out returns to sign-in, and the console API then answers 401', async () => {
    await withPage(server, async (page) => {
      await signIn(page, admin);
      await aria(page, 'Organizations', 'heading').wait();
      expect(await fetchStatus(page, ORGS_API)).toBe(200);
      await aria(page, 'Sign out', 'button').click();
      await aria(page, 'Username', 'textbox').wait();
      expect(await sessionCookie(page)).toBeUndefined();
      expect(await fetchStatus(page, ORGS_API)).toBe(401);
    });
  });
});
