/**
 * `orgplane up` on the embedded store, SIGKILLed while four clients create Organizations (each
 * with an agents quota), create Agents in them and delete some. Restarted on the same data dir as
 * `orgplane apiserver` first (no controllers, so nothing repairs what the crash left): every
 * acknowledged write is there, every acknowledged delete is gone, every Organization has its
 * Namespace and no Namespace lacks its Organization, and each Organization's quota usage equals
 * the true count of its Agents. Then `orgplane up` serves again on the same data.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agent, agentsPath, nsPath, organization, orgsPath } from '../support/api-helpers.js';
import { until } from '../support/controllers-process.js';
import { startOrgplaneProcess, type ApiServerProcess } from '../support/ha.js';

const WRITERS = 4;
const PREFIX = 'crash';

interface Item {
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  readonly status?: { readonly usage?: Record<string, number> };
}

describe('embedded store: orgplane up SIGKILLed mid-load', () => {
  let dir: string;
  let proc: ApiServerProcess | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orgplane-ha-embedded-'));
  });

  afterAll(async () => {
    await proc?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write and nothing half-written', async () => {
    const up = await startOrgplaneProcess({ command: 'up', dataDir: dir });
    proc = up;
    const orgs: string[] = [];
    const agents = new Map<string, string[]>();
    const deleted: string[] = [];
    const state = { stopped: false };
    let next = 0;
    const step = async (w: number): Promise<void> => {
      const n = next++;
      const org = orgs[(n * 7 + w) % Math.max(1, orgs.length)];
      if (org === undefined || n % 5 === 0) {
        const name = `${PREFIX}-${String(n)}`;
        const r = await up.call('POST', orgsPath(), {
          body: organization(name, { quota: { agents: 1000 } }),
        });
        if (r.status === 201) {
          orgs.push(name);
          agents.set(name, []);
        }
        return;
      }
      const mine = agents.get(org) ?? [];
      if (n % 4 === 0 && mine.length > 0) {
        const victim = mine.shift() ?? '';
        const r = await up.call('DELETE', agentsPath(org, victim));
        if (r.status === 200) deleted.push(`${org}/${victim}`);
        else mine.push(victim);
        return;
      }
      const name = `a${String(n)}`;
      const r = await up.call('POST', agentsPath(org), { body: agent(name) });
      if (r.status === 201) mine.push(name);
    };
    const writer = async (w: number): Promise<void> => {
      while (!state.stopped) await step(w).catch(() => undefined);
    };
    const writers = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    await until('load under way', () => Promise.resolve(next >= 300 ? true : undefined), 60_000);
    await up.kill('SIGKILL');
    state.stopped = true;
    await writers;

    const api = await startOrgplaneProcess({ command: 'apiserver', dataDir: dir });
    proc = api;
    const list = async (path: string): Promise<Item[]> => {
      const r = await api.call('GET', path);
      expect(r.status).toBe(200);
      return (r.json as { items: Item[] }).items;
    };
    const storedOrgs = (await list(orgsPath())).filter((o) => o.metadata.name.startsWith(PREFIX));
    const storedNs = new Set(
      (await list(nsPath())).map((n) => n.metadata.name).filter((n) => n.startsWith(PREFIX)),
    );
    const orgNames = new Set(storedOrgs.map((o) => o.metadata.name));
    expect(orgs.filter((o) => !orgNames.has(o))).toEqual([]);
    expect([...orgNames].filter((o) => !storedNs.has(o))).toEqual([]);
    expect([...storedNs].filter((n) => !orgNames.has(n))).toEqual([]);

    const usageOff: string[] = [];
    const lost: string[] = [];
    for (const o of storedOrgs) {
      const name = o.metadata.name;
      const stored = new Set((await list(agentsPath(name))).map((a) => a.metadata.name));
      for (const a of agents.get(name) ?? []) if (!stored.has(a)) lost.push(`${name}/${a}`);
      const usage = o.status?.usage?.['agents'] ?? 0;
      if (usage !== stored.size)
        usageOff.push(`${name}: usage ${String(usage)}, agents ${String(stored.size)}`);
    }
    expect(lost).toEqual([]);
    expect(usageOff).toEqual([]);
    for (const d of deleted) {
      const [org = '', name = ''] = d.split('/');
      expect({ d, status: (await api.call('GET', agentsPath(org, name))).status }).toEqual({
        d,
        status: 404,
      });
    }
    process.stdout.write(
      `embedded crash: ${String(orgs.length)} organizations, ${String([...agents.values()].reduce((n, a) => n + a.length, 0))} agents, ${String(deleted.length)} deletes acknowledged before SIGKILL; all there\n`,
    );
    await api.kill('SIGTERM');

    const again = await startOrgplaneProcess({ command: 'up', dataDir: dir });
    proc = again;
    const first = orgs[0] ?? '';
    expect((await again.call('POST', agentsPath(first), { body: agent('after-restart') })).status).toBe(201);
    await again.kill('SIGTERM');
  }, 180_000);
});
