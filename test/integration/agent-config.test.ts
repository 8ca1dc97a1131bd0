/**
 * Agents that reference Secrets and ConfigMaps (spec.env), against a real orgplane API server with
 * the controllers in-process: ConfigNotFound naming what is missing, Ready within a second of the
 * Secret's creation, ConfigNotFound again when a referenced key goes; no value in the agent's
 * status or Events. Also spec.env validation and Organization feature flags from a template.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import type { TestServer } from '../support/apiserver.js';
import { startControlledServer, type ControlledServer } from '../support/controlled.js';
import {
  agentsPath,
  create,
  eventually,
  expectCode,
  obj,
  orgsPath,
  organization,
  status,
} from '../support/api-helpers.js';

let server: ControlledServer;
let ts: TestServer;

beforeAll(async () => {
  server = await startControlledServer();
  ts = server.ts;
}, 60_000);

afterAll(async () => {
  await server.stop();
});

const VALUE = 'sk-live-0123456789abcdef';
const secretsPath = (name = ''): string => `/api/v1/namespaces/umbrella/secrets${name ? `/${name}` : ''}`;
const b64 = (s: string): string => Buffer.from(s).toString('base64');

type Cond = { type: string; status: string; reason: string; message: string };
const ready = (o: KubeObject): Cond | undefined =>
  (o.status as { conditions?: Cond[] } | undefined)?.conditions?.find((c) => c.type === 'Ready');

/** Polls the agent until its Ready condition passes `test`; fails after timeoutMs. */
const agentUntil = (test: (c: Cond) => boolean, what: string, timeoutMs = 20_000): Promise<Cond> =>
  eventually(
    async () => {
      const c = ready(obj(await ts.call('GET', agentsPath('umbrella', 'concierge'))));
      return c && test(c) ? c : undefined;
    },
    what,
    timeoutMs,
  );

describe('agents referencing secrets and config maps', () => {
  it('is ConfigNotFound naming the missing secret', async () => {
    await create(ts, orgsPath(), organization('umbrella'));
    await create(ts, '/api/v1/namespaces/umbrella/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'agent-settings' },
      data: { tone: 'warm' },
    });
    await create(ts, agentsPath('umbrella'), {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'concierge' },
      spec: {
        model: 'gpt-4',
        env: [
          { name: 'TONE', valueFrom: { configMapKeyRef: { name: 'agent-settings', key: 'tone' } } },
          { name: 'OPENAI_API_KEY', valueFrom: { secretKeyRef: { name: 'search-keys', key: 'serp' } } },
        ],
      },
    });
    const c = await agentUntil((c) => c.reason === 'ConfigNotFound', 'ConfigNotFound');
    expect(c).toMatchObject({ status: 'False', message: 'secret "search-keys" not found' });
  }, 30_000);

  it('is Ready within a second of the secret’s creation', async () => {
    await create(ts, secretsPath(), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'search-keys' },
      data: { serp: b64(VALUE), other: b64('x') },
    });
    await agentUntil((c) => c.status === 'True', 'Ready within 1 s', 1000);
  });

  it('is ConfigNotFound again when a referenced key is deleted', async () => {
    const r = await ts.call('PATCH', secretsPath('search-keys'), {
      body: { data: { serp: null } },
      contentType: 'application/merge-patch+json',
    });
    expectCode(r, 200);
    const c = await agentUntil((c) => c.reason === 'ConfigNotFound', 'ConfigNotFound again', 5000);
    expect(c.message).toBe('key "serp" not found in secret "search-keys"');
  });

  it('never writes a value into the agent or its Events', async () => {
    const events = await ts.call('GET', '/api/v1/namespaces/umbrella/events');
    const agentText = JSON.stringify(obj(await ts.call('GET', agentsPath('umbrella', 'concierge'))));
    expect(JSON.stringify(events.json)).toContain('ConfigNotFound');
    for (const text of [JSON.stringify(events.json), agentText]) {
      expect(text).not.toContain(VALUE);
      expect(text).not.toContain(b64(VALUE));
    }
  });

  it('refuses value beside valueFrom with a 422 naming spec.env', async () => {
    const r = await ts.call('POST', agentsPath('umbrella'), {
      body: {
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'Agent',
        metadata: { name: 'broken' },
        spec: {
          model: 'gpt-4',
          env: [{ name: 'X', value: 'a', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
        },
      },
    });
    expectCode(r, 422);
    expect(status(r).message).toBe(
      'Agent.orgplane.io "broken" is invalid: spec.env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
    );
  });

  it('refuses duplicate names and bad keys, naming each field', async () => {
    const r = await ts.call('POST', agentsPath('umbrella'), {
      body: {
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'Agent',
        metadata: { name: 'broken' },
        spec: {
          model: 'gpt-4',
          env: [
            { name: 'X', value: 'a' },
            { name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'a/b' } } },
          ],
        },
      },
    });
    expectCode(r, 422);
    const fields = (status(r).details?.causes ?? []).map((c) => [c.field, c.reason]);
    expect(fields).toEqual(
      expect.arrayContaining([
        ['spec.env[1]', 'FieldValueDuplicate'],
        ['spec.env[1].valueFrom.secretKeyRef.key', 'FieldValueInvalid'],
      ]),
    );
  });
});

describe('organization feature flags', () => {
  it('stores them as given and defaults unset flags from the template', async () => {
    await create(ts, '/apis/orgplane.io/v1alpha1/organizationtemplates', {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'OrganizationTemplate',
      metadata: { name: 'standard' },
      spec: { organization: { features: { customDashboards: true, advancedAnalytics: true } } },
    });
    const org = await create(
      ts,
      orgsPath(),
      organization('wayne', { template: 'standard', features: { advancedAnalytics: false, beta: true } }),
    );
    expect((org.spec as { features?: unknown }).features).toEqual({
      customDashboards: true,
      advancedAnalytics: false,
      beta: true,
    });
    const bad = await ts.call('POST', orgsPath(), {
      body: organization('stark', { features: { x: 'yes' } }),
    });
    expectCode(bad, 422);
  });
});
