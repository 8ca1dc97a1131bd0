/**
 * The console's session and connections in a real browser, on both stores: a session whose token
 * stops authenticating (its ServiceAccount deleted) returns to sign-in with the expired message,
 * and a hidden page gives its watch connections back, then catches up when it is shown again.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Page } from 'puppeteer-core';
import { aria, closeBrowser, closePage, newPage, pageText, signIn, waitForText } from '../support/browser.js';
import { createOrgAdmin, createOrganization, type ConsoleUser } from '../support/console-users.js';
import { startE2eServer, type E2eServer } from '../support/e2e.js';

jest.setTimeout(60_000);

const ORG = 'umbrella';
const EXPIRED = 'Your session has expired; sign in again';

/** Makes the page report itself hidden or visible, as a switch of browser tab does. */
const setHidden = async (page: Page, hidden: boolean): Promise<void> => {
  await page.evaluate(`
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${hidden ? 'hidden' : 'visible'}' });
    document.dispatchEvent(new Event('visibilitychange'));
  `);
};

const agent = (name: string): string =>
  `apiVersion: orgplane.io/v1alpha1\nkind: Agent\nmetadata: {name: ${name}, namespace: ${ORG}}\nspec: {model: gpt-4o}\n`;

afterAll(closeBrowser);

describe.each(['embedded', 'etcd'] as const)('console session on %s', (backend) => {
  let server: E2eServer;
  let admin: ConsoleUser;

  beforeAll(async () => {
    server = await startE2eServer(backend);
    await createOrganization(server, ORG, 'Umbrella');
    admin = await createOrgAdmin(server, ORG, 'alice');
  }, 120_000);

  afterAll(async () => {
    await server.stop();
  });

  test('a hidden page resumes its watch when shown, with what changed meanwhile', async () => {
    const page = await newPage(server);
    try {
      await signIn(page, admin);
      await aria(page, 'Organizations', 'heading').wait();
      await page.goto(`${server.url}/console/organizations/${ORG}?tab=agents`, { waitUntil: 'load' });
      expect((await server.kubectl(['apply', '-f', '-'], { stdin: agent('seen-live') })).code).toBe(0);
      await waitForText(page, 'seen-live');
      await setHidden(page, true);
      expect((await server.kubectl(['apply', '-f', '-'], { stdin: agent('made-while-hidden') })).code).toBe(
        0,
      );
      await new Promise((r) => setTimeout(r, 1500));
      expect(await pageText(page)).not.toContain('made-while-hidden');
      await setHidden(page, false);
      await waitForText(page, 'made-while-hidden');
    } finally {
      await closePage(page);
    }
  });

  test('a session that stops authenticating returns to sign-in with a message', async () => {
    const user = await createOrgAdmin(server, ORG, 'bob');
    const page = await newPage(server);
    try {
      await signIn(page, { token: user.token });
      await aria(page, 'Organizations', 'heading').wait();
      const r = await server.kubectl(['delete', 'serviceaccounts.orgplane.io', 'bob']);
      expect(r.code).toBe(0);
      await page.goto(`${server.url}/console/organizations/${ORG}`, { waitUntil: 'load' });
      await waitForText(page, EXPIRED);
      await aria(page, 'Token', 'textbox').wait();
    } finally {
      await closePage(page);
    }
  });
});
