/**
 * The console's agents and secrets, in a real browser on both stores: an org admin creates an
 * agent from the form (it appears through the watch, no re-list, and becomes Ready), pasted YAML
 * with an invalid field shows the error beside the YAML and creates nothing, deletes an agent
 * after a confirmation; a viewer gets no Create button and a direct POST is refused with 403;
 * setting a Secret value never puts the value in the page; 1,000 agents load under 1 s; axe at
 * 1280 and 390 px on the agents tab, the agent page and the secrets tab.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import {
  aria,
  axeAtBothWidths,
  closeBrowser,
  pageFetch,
  pageText,
  screenshot,
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
import { agentList, attrOf, rowsShown, textOf, waitForRow, waitForRowGone } from './agents-support.js';

jest.setTimeout(60_000);
afterAll(closeBrowser);

const ORG = 'acme';
const AGENTS_TAB = `/console/organizations/${ORG}?tab=agents`;
const SECRETS_TAB = `/console/organizations/${ORG}?tab=secrets`;

describe.each(['embedded', 'etcd'] as const)('console agents and secrets on %s', (backend) => {
  let server: E2eServer;
  let admin: ConsoleUser;
  let viewer: ConsoleUser;
  const kubectl = async (args: string[], stdin?: string) => {
    const r = await server.kubectl(
      args,
      stdin === undefined ? { timeoutMs: 120_000 } : { stdin, timeoutMs: 120_000 },
    );
    return r;
  };

  beforeAll(async () => {
    server = await startE2eServer(backend);
    await createOrganization(server, ORG, 'Acme Corporation');
    admin = await createOrgAdmin(server, ORG, 'ada');
    viewer = await createViewer(server, ORG, 'vic');
    const r = await kubectl(
      ['apply', '-f', '-'],
      `apiVersion: orgplane.io/v1alpha1\nkind: Team\nmetadata: {name: web, namespace: ${ORG}}\nspec: {displayName: Web}\n`,
    );
    expect(r.stderr).toBe('');
    const s = await kubectl([
      'create',
      'secret',
      'generic',
      'openai',
      '-n',
      ORG,
      '--from-literal=key=first-value-1',
    ]);
    expect(s.code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await server.stop();
  });

  test('the org admin creates an agent from the form; it appears through the watch and becomes Ready', async () => {
    await withSignedInPage(server, admin, AGENTS_TAB, async (page) => {
      const lists: string[] = [];
      page.on('request', (req) => {
        const url = req.url();
        if (url.includes('/v1alpha1/agents') && !url.includes('watch=')) lists.push(url);
      });
      await aria(page, 'Create agent', 'button').click();
      await aria(page, 'Name', 'textbox').fill('helper');
      await aria(page, 'Model', 'textbox').fill('gpt-4o');
      await aria(page, 'Tools', 'textbox').fill('search, browse');
      await aria(page, 'Create', 'button').click();
      await waitForText(page, 'Agent helper created.');
      await waitForRow(page, 'helper');
      expect(lists).toEqual([]); // no re-list: the row came from the watch
      await page.waitForFunction(
        `[...document.querySelectorAll('tbody tr')].some((tr) => tr.innerText.includes('helper') && tr.innerText.includes('Ready'))`,
        { timeout: 20_000 },
      );
      const got = await kubectl(['get', 'agent', 'helper', '-n', ORG, '-o', 'jsonpath={.spec.tools}']);
      expect(got.stdout).toBe('["search","browse"]');
      await axeAtBothWidths(page, 'the agents tab');
      if (backend === 'embedded') {
        await page.setViewport({ width: 1280, height: 800 });
        await screenshot(page, 'organization-agents');
      }
    });
  });

  test('pasted YAML with an invalid field shows the error beside the YAML and creates nothing', async () => {
    await withSignedInPage(server, admin, AGENTS_TAB, async (page) => {
      await aria(page, 'Create agent', 'button').click();
      await aria(page, 'Paste YAML', 'radio').click();
      await aria(page, 'Agent YAML', 'textbox').fill('metadata: {name: broken}\nspec: {model: ""}\n');
      await aria(page, 'Create', 'button').click();
      await page.waitForSelector('#agent-yaml-error');
      const error = await textOf(page, '#agent-yaml-error');
      expect(error).toContain('spec.model');
      const describedBy = await attrOf(page, '#agent-yaml', 'aria-describedby');
      expect(describedBy.split(' ')).toContain('agent-yaml-error');
      const got = await kubectl(['get', 'agent', 'broken', '-n', ORG]);
      expect(got.stderr).toContain('NotFound');
    });
  });

  test('the org admin deletes an agent after confirming; the row leaves through the watch', async () => {
    const made = await kubectl(['apply', '-f', '-'], agentList([[ORG, 'doomed']]));
    expect(made.code).toBe(0);
    await withSignedInPage(server, admin, AGENTS_TAB, async (page) => {
      await waitForRow(page, 'doomed');
      await aria(page, 'Delete doomed', 'button').click();
      await aria(page, 'Delete agent doomed', 'button').click();
      await waitForRowGone(page, 'doomed');
      await waitForText(page, 'Agent doomed deleted.');
      expect((await kubectl(['get', 'agent', 'doomed', '-n', ORG])).stderr).toContain('NotFound');
    });
  });

  test('the agent page shows spec, conditions, events and YAML without managedFields', async () => {
    const made = await kubectl(['apply', '-f', '-'], agentList([[`${ORG}-web`, 'shown']]));
    expect(made.code).toBe(0);
    await withSignedInPage(
      server,
      admin,
      `/console/organizations/${ORG}/agents/${ORG}-web/shown`,
      async (page) => {
        await aria(page, 'Agent shown', 'heading').wait();
        await aria(page, 'Conditions', 'heading').wait();
        await aria(page, 'Events', 'heading').wait();
        const yaml = await textOf(page, 'pre.yaml');
        expect(yaml).toContain('model: gpt-4o');
        expect(yaml).not.toContain('managedFields');
        await aria(page, 'Show managedFields', 'checkbox').click();
        await page.waitForFunction(
          `document.querySelector('pre.yaml').textContent.includes('managedFields')`,
        );
        await aria(page, 'Show managedFields', 'checkbox').click();
        await axeAtBothWidths(page, 'the agent page');
        if (backend === 'embedded') {
          await page.setViewport({ width: 1280, height: 800 });
          await screenshot(page, 'agent');
        }
      },
    );
  });

  test('the label selector goes to the server and the team select narrows to a team', async () => {
    const made = await kubectl(
      ['apply', '-f', '-'],
      `apiVersion: orgplane.io/v1alpha1\nkind: Agent\nmetadata: {name: plain, namespace: ${ORG}}\nspec: {model: m}\n`,
    );
    expect(made.code).toBe(0);
    await withSignedInPage(server, admin, AGENTS_TAB, async (page) => {
      await waitForRow(page, 'plain');
      await waitForRow(page, 'shown');
      await page.select('#agents-team', `${ORG}-web`);
      await waitForRowGone(page, 'plain');
      await waitForRow(page, 'shown');
      await page.select('#agents-team', '');
      await waitForRow(page, 'plain');
      const selectors: string[] = [];
      page.on('request', (req) => {
        const q = new URL(req.url()).searchParams.get('labelSelector');
        if (q !== null) selectors.push(q);
      });
      await aria(page, 'Label selector', 'textbox').fill('load=bulk');
      await aria(page, 'Filter', 'button').click();
      await waitForRowGone(page, 'plain');
      await waitForRow(page, 'shown');
      expect(selectors).toContain('load=bulk');
    });
  });

  test('a viewer sees no Create button, and a direct create is refused with 403', async () => {
    await withSignedInPage(server, viewer, AGENTS_TAB, async (page) => {
      await waitForRow(page, 'helper');
      await new Promise((r) => setTimeout(r, 1000)); // the access review has answered by now
      expect(await page.$(`::-p-aria([name="Create agent"][role="button"])`)).toBeNull();
      expect(await page.$(`::-p-aria([name="Delete helper"][role="button"])`)).toBeNull();
      const res = await pageFetch(page, `/console/api/apis/orgplane.io/v1alpha1/namespaces/${ORG}/agents`, {
        method: 'POST',
        body: {
          apiVersion: 'orgplane.io/v1alpha1',
          kind: 'Agent',
          metadata: { name: 'nope' },
          spec: { model: 'm' },
        },
      });
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.json)).toContain('cannot create resource \\"agents\\"');
    });
  });

  test('setting a Secret value never shows the value, in the text or the DOM', async () => {
    const value = 'sup3r-s3cret-value-xyz';
    await withSignedInPage(server, admin, SECRETS_TAB, async (page) => {
      await waitForRow(page, 'openai');
      expect(await pageText(page)).not.toContain('first-value-1');
      await aria(page, 'Set value of openai', 'button').click();
      await aria(page, 'Key', 'textbox').fill('token');
      await aria(page, 'Value').fill(value);
      await aria(page, 'Set value', 'button').click();
      await waitForText(page, 'Value of token in openai set.');
      await page.waitForFunction(
        `[...document.querySelectorAll('tbody tr')].some((tr) => tr.innerText.includes('token'))`,
      );
      const dom = await page.content();
      const inputs = String(
        await page.evaluate(
          `[...document.querySelectorAll('input,textarea')].map((i) => i.value).join('\\n')`,
        ),
      );
      for (const secret of [value, Buffer.from(value).toString('base64'), 'first-value-1']) {
        expect(await pageText(page)).not.toContain(secret);
        expect(dom).not.toContain(secret);
        expect(inputs).not.toContain(secret);
      }
      const stored = await kubectl(['get', 'secret', 'openai', '-n', ORG, '-o', 'jsonpath={.data.token}']);
      expect(Buffer.from(stored.stdout, 'base64').toString()).toBe(value);
      await axeAtBothWidths(page, 'the secrets tab');
      if (backend === 'embedded') {
        await page.setViewport({ width: 1280, height: 800 });
        await screenshot(page, 'organization-secrets');
      }
    });
  });

  test('1,000 agents: the agents tab shows its first rows under 1 s after navigation starts', async () => {
    const names = Array.from({ length: 1000 }, (_, i) => `bulk-${String(i).padStart(4, '0')}`);
    const made = await kubectl(
      ['create', '-f', '-'],
      agentList([
        ...names.slice(0, 900).map((n) => [ORG, n] as const),
        ...names.slice(900).map((n) => [`${ORG}-web`, n] as const),
      ]),
    );
    expect(made.stderr).toBe('');
    await withSignedInPage(server, admin, '/console/', async (page) => {
      await page.goto(`${server.url}${AGENTS_TAB}`, { waitUntil: 'domcontentloaded' });
      const ms = await rowsShown(page, 1000);
      process.stdout.write(`[${backend}] 1,000 agents: first rows after ${ms.toFixed(0)} ms\n`);
      expect(ms).toBeLessThan(1000);
    });
  }, 180_000);
});
