/**
 * The organization's Members and Audit tabs in a real browser, on both stores: who has which role
 * where and why (direct, inherited by a team, via a group); an org admin adds a member binding from
 * the form and removes it, adds and removes a group member; a viewer sees no such actions; a
 * viewer's refused create shows up live on the admin's Audit tab, marked "Denied", and the denial
 * and user filters find it; axe on both tabs at 1280 and 390 px.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Page } from 'puppeteer-core';
import {
  aria,
  axeAtBothWidths,
  closeBrowser,
  closePage,
  pageFetch,
  pageText,
  screenshot,
  signedInAt,
  waitForText,
  withSignedInPage,
} from '../support/browser.js';
import {
  createOrgAdmin,
  createOrganization,
  createViewer,
  type ConsoleUser,
} from '../support/console-users.js';
import { startE2eServer, type E2eServer } from '../support/e2e.js';

jest.setTimeout(90_000);

const ORG = 'hooli';
const FIXTURES = `apiVersion: orgplane.io/v1alpha1
kind: Team
metadata: {name: eng, namespace: ${ORG}}
spec: {displayName: Engineering}
---
apiVersion: orgplane.io/v1alpha1
kind: Group
metadata: {name: ops, namespace: ${ORG}}
spec: {description: On-call operators, members: [erlich]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ops-viewer, namespace: ${ORG}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: viewer}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: ops}]
`;

afterAll(closeBrowser);

/** A signed-in page of `user` on the organization's tab. */
/** The organization page's tab. */
const tabPath = (tab: string): string => `/console/organizations/${ORG}?tab=${tab}`;

/** Waits until no table or list of the page shows `text` (banners and forms may still name it). */
const waitGone = (page: Page, text: string) =>
  page.waitForFunction(
    `![...document.querySelectorAll('table, ul')].some((t) => t.innerText.includes(${JSON.stringify(text)}))`,
    { timeout: 10_000 },
  );

/** axe at 1280 px, then at 390 px with no sideways scrolling of the page. */
describe.each(['embedded', 'etcd'] as const)('console members and audit on %s', (backend) => {
  let server: E2eServer;
  let admin: ConsoleUser;
  let viewer: ConsoleUser;

  beforeAll(async () => {
    server = await startE2eServer(backend);
    await createOrganization(server, ORG, 'Hooli');
    admin = await createOrgAdmin(server, ORG, 'gavin');
    viewer = await createViewer(server, ORG, 'jared');
    const r = await server.kubectl(['apply', '-f', '-'], { stdin: FIXTURES });
    if (r.code !== 0) throw new Error(r.stderr);
  }, 120_000);

  afterAll(async () => {
    await server.stop();
  });

  test('the Members tab says who has which role where, and why', async () => {
    await withSignedInPage(server, admin, tabPath('members'), async (page) => {
      await waitForText(page, 'via group ops, direct in hooli');
      await waitForText(page, 'inherited from hooli');
      const text = await pageText(page);
      expect(text).toContain('erlich');
      expect(text).toContain('hooli-eng');
      expect(text).toContain('gavin-org-admin');
      // the server's WhoCanReview: who may create agents in the team, and why
      await page.select('#who-can-namespace', 'hooli-eng');
      await aria(page, 'Check who can', 'button').click();
      await aria(page, 'Who can create agents in hooli-eng', 'table').wait();
      await waitForText(page, 'role org-admin, binding hooli/gavin-org-admin, inherited from hooli');
      expect(await pageText(page)).not.toMatch(/jared\s+User\s+role viewer/);
      if (backend === 'embedded') await screenshot(page, 'organization-members');
      await axeAtBothWidths(page, 'the Members tab');
    });
  });

  test('an org admin adds a member binding from the form, sees it, and removes it', async () => {
    await withSignedInPage(server, admin, tabPath('members'), async (page) => {
      await aria(page, 'Subject name', 'textbox').fill('monica');
      await page.select('#add-member-role', 'ClusterRole/developer');
      await page.select('#add-member-namespace', 'hooli-eng');
      await aria(page, 'Add member', 'button').click();
      await waitForText(page, 'Added developer-user-monica in hooli-eng.');
      await aria(page, 'Remove binding developer-user-monica', 'button').wait();
      // the same again: the server's refusal (409 AlreadyExists) is shown as it said it
      await aria(page, 'Subject name', 'textbox').fill('monica');
      await aria(page, 'Add member', 'button').click();
      await waitForText(page, 'already exists');
      const got = await server.kubectl([
        'get',
        'rolebinding',
        '-n',
        'hooli-eng',
        'developer-user-monica',
        '-o',
        'json',
      ]);
      expect(JSON.parse(got.stdout)).toMatchObject({
        roleRef: { name: 'developer' },
        subjects: [{ name: 'monica' }],
      });

      await aria(page, 'Remove binding developer-user-monica', 'button').click();
      await aria(page, 'Confirm removal of developer-user-monica', 'button').click();
      await waitGone(page, 'developer-user-monica');
      const gone = await server.kubectl(['get', 'rolebinding', '-n', 'hooli-eng', 'developer-user-monica']);
      expect(gone.stderr).toContain('NotFound');
    });
  });

  test('an org admin adds and removes a group member', async () => {
    await withSignedInPage(server, admin, tabPath('members'), async (page) => {
      await aria(page, 'New member of ops', 'textbox').fill('dinesh');
      await aria(page, 'Add to ops', 'button').click();
      await aria(page, 'Remove dinesh from ops', 'button').wait();
      const got = await server.kubectl(['get', 'group', '-n', ORG, 'ops', '-o', 'jsonpath={.spec.members}']);
      expect(got.stdout).toContain('dinesh');
      await waitForText(page, 'dinesh');
      await aria(page, 'Remove dinesh from ops', 'button').click();
      await waitGone(page, 'dinesh');
      const after = await server.kubectl([
        'get',
        'group',
        '-n',
        ORG,
        'ops',
        '-o',
        'jsonpath={.spec.members}',
      ]);
      expect(after.stdout).not.toContain('dinesh');
    });
  });

  test('a viewer sees members but no add or remove actions', async () => {
    await withSignedInPage(server, viewer, tabPath('members'), async (page) => {
      await aria(page, 'Group ops', 'heading').wait();
      await waitForText(page, 'erlich');
      await waitForText(page, 'You may not read the role bindings');
      const buttons = JSON.parse(
        String(
          await page.evaluate(
            `JSON.stringify([...document.querySelectorAll('button')].map((b) => b.innerText))`,
          ),
        ),
      ) as string[];
      expect(buttons).toContain('Sign out');
      expect(buttons.filter((b) => /^(Add|Remove|Confirm)/.test(b))).toEqual([]);
      expect(await page.$('#add-member-name')).toBeNull();
      await axeAtBothWidths(page, 'the Members tab of a viewer');
    });
  });

  test("a viewer's refused create appears live on the admin's Audit tab, marked Denied", async () => {
    const adminPage = await signedInAt(server, admin, tabPath('audit'));
    const viewerPage = await signedInAt(server, viewer, tabPath('members'));
    try {
      await adminPage.waitForSelector('table.audit-table');
      const refused = await pageFetch(
        viewerPage,
        `/console/api/apis/orgplane.io/v1alpha1/namespaces/${ORG}/agents`,
        {
          method: 'POST',
          body: { apiVersion: 'orgplane.io/v1alpha1', kind: 'Agent', metadata: { name: 'sneaky' }, spec: {} },
        },
      );
      expect(refused.status).toBe(403);
      const denied = `Array.from(document.querySelectorAll('tr.audit-denied')).map((r) => r.innerText).join('\\n')`;
      await adminPage.waitForFunction(`${denied}.includes('jared') && ${denied}.includes('agents')`, {
        timeout: 30_000,
      });
      const row = String(await adminPage.evaluate(denied));
      expect(row).toMatch(/jared\s+create\s+agents in hooli\s+403 Denied/);

      const rows = `[...document.querySelectorAll('table.audit-table tbody tr')]`;
      await aria(adminPage, 'User', 'textbox').fill('jared');
      await aria(adminPage, 'Apply filter', 'button').click();
      await adminPage.waitForFunction(
        `${rows}.length > 1 && ${rows}.every((r) => r.cells[1].innerText === 'jared') && ${denied}.includes('jared')`,
      );
      if (backend === 'embedded') await screenshot(adminPage, 'organization-audit');

      await aria(adminPage, 'Denials only', 'checkbox').click();
      await adminPage.waitForFunction(
        `${rows}.length > 0 && ${rows}.every((r) => r.classList.contains('audit-denied'))`,
      );

      await aria(adminPage, 'Denials only', 'checkbox').click();
      await aria(adminPage, 'User', 'textbox').click({ count: 3 });
      await adminPage.keyboard.press('Backspace');
      await aria(adminPage, 'Apply filter', 'button').click();
      await adminPage.waitForFunction(
        `${rows}.some((r) => r.cells[1].innerText !== 'jared') && ${denied}.includes('jared')`,
      );
      // the whole hour on one page, newest first
      const times = JSON.parse(
        String(
          await adminPage.evaluate(
            `JSON.stringify([...document.querySelectorAll('tbody time')].map((t) => t.dateTime))`,
          ),
        ),
      ) as string[];
      expect(times.length).toBeGreaterThan(1);
      expect([...times].sort().reverse()).toEqual(times);

      await aria(adminPage, 'Older events', 'button').click();
      await adminPage.waitForFunction(
        `/Audit events, page 2,|No audit events/.test(document.body.innerText)`,
        {
          timeout: 20_000,
        },
      );
      await aria(adminPage, 'Newer events', 'button').click();
      await waitForText(adminPage, 'Audit events, page 1,');
      await axeAtBothWidths(adminPage, 'the Audit tab');
    } finally {
      await closePage(viewerPage);
      await closePage(adminPage);
    }
  });
});
