/**
 * The organization page in a real browser, on both stores: the org admin opens its organization
 * and watches the agents usage bar move (amber at 80 %) as agents are created with kubectl; a
 * cluster admin suspends (after confirming) and resumes it, the badge following; the org admin
 * creates a team from the form (an invalid name's error beside the Name field) and moves one; a
 * viewer sees no Suspend, Create team or Move team; the Activity tab charts requests per day; axe
 * on every tab at 1280 and 390 px, and no sideways scrolling at 390 px.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Page } from 'puppeteer-core';
import {
  aria,
  axeAtBothWidths,
  axeCheck,
  closeBrowser,
  closePage,
  newPage,
  pageFetch,
  pageText,
  screenshot,
  signIn,
  waitForText,
} from '../support/browser.js';
import {
  createOrgAdmin,
  createOrganization,
  createViewer,
  setPassword,
  type ConsoleUser,
} from '../support/console-users.js';
import { startE2eServer, type E2eServer } from '../support/e2e.js';

jest.setTimeout(90_000);

const ORG = 'acme';
const TITLE = 'Acme Corporation';

async function kubectlOk(server: E2eServer, args: string[], stdin?: string): Promise<string> {
  const r = await server.kubectl(args, stdin === undefined ? {} : { stdin });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/** A global ServiceAccount bound to cluster-admin (who may patch Organizations). */
async function createClusterAdmin(
  server: E2eServer,
  username: string,
): Promise<{ username: string; password: string }> {
  await kubectlOk(
    server,
    ['apply', '-f', '-'],
    `apiVersion: orgplane.io/v1alpha1
kind: ServiceAccount
metadata: {name: ${username}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${username}-cluster-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ${username}}]
`,
  );
  const password = `correct horse battery staple ${username}`;
  await setPassword(server, username, password);
  return { username, password };
}

const agent = (name: string, namespace = ORG): string =>
  `apiVersion: orgplane.io/v1alpha1\nkind: Agent\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: {model: gpt-4o}\n`;

const team = (name: string, displayName: string, extra = ''): string =>
  `apiVersion: orgplane.io/v1alpha1\nkind: Team\nmetadata: {name: ${name}, namespace: ${ORG}}\nspec: {displayName: ${displayName}${extra}}\n`;

const TAB_TITLES: Readonly<Record<string, string>> = {
  overview: 'Overview',
  teams: 'Teams',
  activity: 'Activity',
};

/** Goes to a tab of the organization page by its link (no reload: the watches of the page carry on). */
async function openTab(page: Page, tab: string): Promise<void> {
  const title = TAB_TITLES[tab] ?? tab;
  await aria(page, title, 'link').click();
  await aria(page, title, 'heading').wait();
}

/** Signs in, follows the organization's link on the organizations page, and opens `tab`. */
async function openOrg(
  server: E2eServer,
  user: { username: string; password: string },
  tab: string,
): Promise<Page> {
  const page = await newPage(server);
  await signIn(page, user);
  await aria(page, 'Organizations', 'heading').wait();
  await aria(page, ORG, 'link').click();
  await aria(page, TITLE, 'heading').wait();
  await openTab(page, tab);
  return page;
}

/** The value of a JavaScript expression evaluated in the page (the test tsconfig has no DOM types). */
const inPage = async (page: Page, expr: string): Promise<unknown> => page.evaluate(expr);

const meter = (page: Page, label: string) =>
  page.evaluate(
    `(() => { const m = document.querySelector('[role=meter][aria-label=${JSON.stringify(`${label} usage`)}]');
       return m ? { now: m.getAttribute('aria-valuenow'), level: m.closest('.usage')?.getAttribute('data-level') } : null; })()`,
  ) as Promise<{ now: string; level: string } | null>;

async function waitForMeter(page: Page, label: string, now: number, level: string): Promise<void> {
  await page.waitForFunction(
    `(() => { const m = document.querySelector('[role=meter][aria-label=${JSON.stringify(`${label} usage`)}]');
       return m !== null && m.getAttribute('aria-valuenow') === ${JSON.stringify(String(now))}
         && m.closest('.usage')?.getAttribute('data-level') === ${JSON.stringify(level)}; })()`,
    { timeout: 20_000 },
  );
}

afterAll(closeBrowser);

describe.each(['embedded', 'etcd'] as const)('console organization page on %s', (backend) => {
  let server: E2eServer;
  let admin: ConsoleUser;
  let viewer: ConsoleUser;
  let root: { username: string; password: string };

  beforeAll(async () => {
    server = await startE2eServer(backend);
    await createOrganization(server, ORG, TITLE);
    await kubectlOk(server, [
      'patch',
      'organization',
      ORG,
      '--type',
      'merge',
      '-p',
      '{"spec":{"quota":{"agents":5}}}',
    ]);
    await kubectlOk(
      server,
      ['apply', '-f', '-'],
      [
        team('eng', 'Engineering', ', quota: {agents: 2}'),
        team('backend', 'Backend', ', parent: eng'),
        team('sales', 'Sales'),
      ].join('---\n'),
    );
    admin = await createOrgAdmin(server, ORG, 'olivia');
    viewer = await createViewer(server, ORG, 'victor');
    root = await createClusterAdmin(server, 'rooty');
  }, 120_000);

  afterAll(async () => {
    await server.stop();
  });

  test('the org admin watches the agents usage bar move and turn amber as kubectl creates agents', async () => {
    const page = await openOrg(server, admin, 'overview');
    try {
      await waitForMeter(page, 'agents', 0, 'ok');
      await kubectlOk(server, ['apply', '-f', '-'], ['a1', 'a2'].map((n) => agent(n)).join('---\n'));
      await waitForMeter(page, 'agents', 2, 'ok');
      await kubectlOk(server, ['apply', '-f', '-'], ['a3', 'a4'].map((n) => agent(n)).join('---\n'));
      await waitForMeter(page, 'agents', 4, 'warning');
      expect(await meter(page, 'agents')).toEqual({ now: '4', level: 'warning' });
      await waitForText(page, 'Conditions');
      await waitForText(page, 'Stripe customer');
      expect(await page.$('::-p-aria([name="Suspend"][role="button"])')).toBeNull(); // org-admin may not patch its Organization
      await axeAtBothWidths(page, 'the overview tab');
      if (backend === 'embedded') await screenshot(page, 'organization-overview');
    } finally {
      await closePage(page);
    }
  });

  test('a cluster admin suspends after confirming and resumes; the badge follows', async () => {
    const page = await openOrg(server, root, 'overview');
    const badge = async (): Promise<unknown> =>
      inPage(page, `document.querySelector('[data-testid="org-status"]')?.textContent`);
    try {
      await aria(page, 'Suspend', 'button').click();
      await waitForText(page, 'Its agents stop until it is resumed');
      await axeCheck(page, 'the suspend confirmation');
      await aria(page, 'Suspend organization', 'button').click();
      await aria(page, 'Resume', 'button').wait();
      await page.waitForFunction(
        `document.querySelector('[data-testid="org-status"]')?.textContent === 'Suspended'`,
      );
      const spec = await kubectlOk(server, ['get', 'organization', ORG, '-o', 'jsonpath={.spec.suspended}']);
      expect(spec).toBe('true');
      await aria(page, 'Resume', 'button').click();
      await aria(page, 'Suspend', 'button').wait();
      await page.waitForFunction(
        `document.querySelector('[data-testid="org-status"]')?.textContent !== 'Suspended'`,
      );
      expect(await badge()).not.toBe('Suspended');
    } finally {
      await closePage(page);
    }
  });

  test('the org admin creates a team (a bad name refused beside its field) and moves one', async () => {
    const page = await openOrg(server, admin, 'teams');
    try {
      await waitForText(page, 'Engineering');
      await aria(page, 'Sub-teams of Engineering', 'button').wait();
      await waitForMeter(page, 'agents', 0, 'ok'); // Engineering's quota, the only one
      await kubectlOk(server, ['apply', '-f', '-'], agent('e1', `${ORG}-eng`));
      await waitForMeter(page, 'agents', 1, 'ok');
      await aria(page, 'Name', 'textbox').fill('Bad_Name');
      await aria(page, 'Create team', 'button').click();
      await page.waitForSelector('#team-name-error');
      const fieldError = await inPage(page, `document.querySelector('#team-name-error').textContent`);
      expect(typeof fieldError === 'string' && fieldError.length > 0).toBe(true);
      expect(await inPage(page, `document.querySelector('#team-name').getAttribute('aria-invalid')`)).toBe(
        'true',
      );
      expect(await kubectlOk(server, ['get', 'teams', '-n', ORG, '-o', 'name'])).not.toContain('bad');

      await aria(page, 'Name', 'textbox').fill('sales'); // taken: the server's 409 is shown as it said it
      await aria(page, 'Create team', 'button').click();
      await page.waitForSelector('.error-banner');
      expect(await inPage(page, `document.querySelector('.org-form .error-banner').textContent`)).toMatch(
        /already exists/,
      );

      await aria(page, 'Name', 'textbox').fill('platform');
      await aria(page, 'Display name', 'textbox').fill('Platform');
      await page.select('#team-parent', 'eng');
      await aria(page, 'Create team', 'button').click();
      await waitForText(page, 'Created team platform.');
      await page.waitForFunction(
        `[...document.querySelectorAll('#team-children-eng .team-name')].some((e) => e.textContent === 'Platform')`,
      );
      await aria(page, 'Sub-teams of Engineering', 'button').click();
      await page.waitForSelector('#team-children-eng[hidden]');
      await aria(page, 'Sub-teams of Engineering', 'button').click();
      await page.waitForSelector('#team-children-eng:not([hidden])');

      await page.select('#move-team', 'backend');
      await page.select('#move-parent', 'sales');
      await aria(page, 'Move team', 'button').click();
      await waitForText(page, 'Moved Backend under Sales.');
      await page.waitForFunction(
        `[...document.querySelectorAll('#team-children-sales .team-name')].some((e) => e.textContent === 'Backend')`,
      );
      expect(
        await kubectlOk(server, ['get', 'team', 'backend', '-n', ORG, '-o', 'jsonpath={.spec.parent}']),
      ).toBe('sales');
      await axeAtBothWidths(page, 'the teams tab');
      if (backend === 'embedded') await screenshot(page, 'organization-teams');
    } finally {
      await closePage(page);
    }
  });

  test('a viewer sees the tree but no Suspend, Create team or Move team', async () => {
    const page = await openOrg(server, viewer, 'teams');
    try {
      await waitForText(page, 'Engineering');
      await openTab(page, 'overview');
      await waitForText(page, 'Quota usage');
      await openTab(page, 'teams');
      await waitForText(page, 'Engineering');
      const review = await pageFetch(
        page,
        '/console/api/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        {
          method: 'POST',
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: {
              resourceAttributes: { verb: 'create', group: 'orgplane.io', resource: 'teams', namespace: ORG },
            },
          },
        },
      );
      expect(review.json).toMatchObject({ status: { allowed: false } }); // the premise: the server says no
      await new Promise((r) => setTimeout(r, 500)); // and the page's own reviews have answered by now
      const text = await pageText(page);
      expect(text).not.toContain('Create team');
      expect(text).not.toContain('Move team');
      expect(await page.$('::-p-aria([name="Suspend"][role="button"])')).toBeNull();
    } finally {
      await closePage(page);
    }
  });

  test('the activity tab charts requests per day with a table of the same numbers', async () => {
    const page = await openOrg(server, admin, 'activity');
    try {
      await aria(page, 'Activity per day, newest first').wait();
      const img = await inPage(page, `document.querySelector('svg[role=img]').getAttribute('aria-label')`);
      expect(img).toMatch(/^Requests per day from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}: \d+ in all/);
      expect(await inPage(page, `document.querySelectorAll('svg[role=img] rect').length`)).toBe(14);
      const today = new Date().toISOString().slice(0, 10);
      await waitForText(page, today);
      await axeAtBothWidths(page, 'the activity tab');
      if (backend === 'embedded') await screenshot(page, 'organization-activity');
    } finally {
      await closePage(page);
    }
  });
});
