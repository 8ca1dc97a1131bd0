/**
 * Every orgplane kind a GitOps tool health-checks follows kstatus through its lifecycle (both stores), with the
 * controllers running in-process as `orgplane up` runs them: an Organization, a Team, a Group and an
 * Agent are InProgress when created (status defaults to observedGeneration 0) and Current once reconciled, InProgress right after a spec change (generation ahead of
 * status.observedGeneration) until reconciled, InProgress while suspended (Ready False) and Current
 * again once resumed, Terminating while being deleted. Every version the watches saw has
 * status.observedGeneration, never ahead of metadata.generation nor going back, and never claims
 * Ready True for an older generation. The live objects also get the Argo CD health the
 * shipped Lua scripts promise (manifests/gitops/argocd).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../api/meta.js';
import { startUpControllers } from '../../cmd/up-controllers.js';
import type { RunningControllers } from '../../controllers/index.js';
import { silentLogger } from '../../controllers/runtime/logger.js';
import { luaLiteral } from '../../hack/lua-literal.js';
import { startTestServer, type TestServer } from '../support/apiserver.js';
import {
  BASE,
  eventually,
  expectCode,
  gone,
  obj,
  openWatch,
  type WatchStream,
} from '../support/api-helpers.js';
import { kstatus, type KResult } from '../support/kstatus.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ORG = 'kst';
const paths = {
  Organization: `${BASE}/organizations/${ORG}`,
  Team: `${BASE}/namespaces/${ORG}/teams/eng`,
  Group: `${BASE}/namespaces/${ORG}/groups/devs`,
  Agent: `${BASE}/namespaces/${ORG}/agents/bot`,
} as const;
type Kind = keyof typeof paths;
const KINDS = Object.keys(paths) as Kind[];
const plural: Record<Kind, string> = {
  Organization: 'organizations',
  Team: 'teams',
  Group: 'groups',
  Agent: 'agents',
};
const collection = (kind: Kind): string => paths[kind].slice(0, paths[kind].lastIndexOf('/'));

let ts: TestServer;
let controllers: RunningControllers;
let lua = '';
const watches: WatchStream[] = [];

/** Argo CD's health of obj from the shipped script, run as Argo CD runs it. */
function argoHealth(obj: KubeObject): string {
  const script = join(root, 'manifests', 'gitops', 'argocd', 'health', 'orgplane.io', obj.kind, 'health.lua');
  const program = `obj = ${luaLiteral(obj)}\nio.write(assert(loadfile(${luaLiteral(script)}))().status)`;
  return execFileSync(lua, ['-'], { input: program, encoding: 'utf8' });
}

const get = async (kind: Kind): Promise<KubeObject> =>
  obj(expectCode(await ts.call('GET', paths[kind]), 200));
interface Cond {
  readonly type: string;
  readonly status: string;
  readonly observedGeneration?: number;
}
const observed = (o: KubeObject): unknown =>
  (o.status as { observedGeneration?: unknown } | undefined)?.observedGeneration;

/** Polls until kstatus of the live object is `want` (and, when given, its message matches). */
async function until(kind: Kind, want: KResult['status'], message?: string): Promise<KubeObject> {
  return eventually(
    async () => {
      const o = await get(kind);
      const r = kstatus(o);
      return r.status === want && (message === undefined || r.message === message) ? o : undefined;
    },
    `${kind} ${want}${message !== undefined ? ` (${message})` : ''}`,
    20_000,
  );
}

const patch = async (kind: Kind, body: unknown, sub = ''): Promise<KubeObject> => {
  for (let attempt = 0; ; attempt++) {
    const r = await ts.call('PATCH', `${paths[kind]}${sub}`, {
      body,
      contentType: 'application/merge-patch+json',
    });
    if (r.status === 409 && attempt < 5) continue;
    return obj(expectCode(r, 200));
  }
};

describe.each(['embedded', 'etcd'] as const)(
  'kstatus through the lifecycle of every kind on %s',
  (backend) => {
    beforeAll(async () => {
      lua = execFileSync(join(root, 'hack', 'ensure-lua.sh'), { encoding: 'utf8' }).trim();
      ts = await startTestServer(backend);
      controllers = startUpControllers({
        server: ts.server,
        logger: silentLogger,
      });
      watches.length = 0;
      for (const kind of KINDS) watches.push(await openWatch(ts, `${BASE}/${plural[kind]}?watch=1`));
    }, 300_000);

    afterAll(async () => {
      for (const w of watches) w.close();
      await controllers.stop();
      await ts.stop();
    });

    it('each kind is Current once reconciled, with observedGeneration at generation', async () => {
      const create = async (kind: Kind, body: unknown): Promise<void> => {
        const created = obj(expectCode(await ts.call('POST', collection(kind), { body }), 201));
        expect([kind, kstatus(created)]).toEqual([
          kind,
          { status: 'InProgress', message: `${kind} generation is 1, but latest observed generation is 0` },
        ]);
      };
      const meta = { apiVersion: 'orgplane.io/v1alpha1' };
      await create('Organization', {
        ...meta,
        kind: 'Organization',
        metadata: { name: ORG },
        spec: { quota: { agents: 3 } },
      });
      await create('Team', {
        ...meta,
        kind: 'Team',
        metadata: { name: 'eng' },
        spec: { displayName: 'Engineering' },
      });
      await create('Group', {
        ...meta,
        kind: 'Group',
        metadata: { name: 'devs' },
        spec: { members: ['alice'] },
      });
      await create('Agent', { ...meta, kind: 'Agent', metadata: { name: 'bot' }, spec: { model: 'gpt-4o' } });
      for (const kind of KINDS) {
        const o = await until(kind, 'Current');
        expect(observed(o)).toBe(o.metadata.generation);
        if (kind !== 'Group') expect([kind, argoHealth(o)]).toEqual([kind, 'Healthy']);
      }
    }, 60_000);

    it('a spec change is InProgress until reconciled, then Current at the new generation', async () => {
      const changes: Record<Kind, unknown> = {
        Organization: { spec: { displayName: 'KStatus Inc' } },
        Team: { spec: { displayName: 'Engineering and Design' } },
        Group: { spec: { members: ['alice', 'bob'] } },
        Agent: { spec: { model: 'gpt-4.1' } },
      };
      for (const kind of KINDS) {
        const written = await patch(kind, changes[kind]);
        const g = written.metadata.generation ?? 0;
        expect(g).toBeGreaterThan(1);
        expect(kstatus(written)).toEqual({
          status: 'InProgress',
          message: `${kind} generation is ${String(g)}, but latest observed generation is ${String(g - 1)}`,
        });
        if (kind !== 'Group') expect([kind, argoHealth(written)]).toEqual([kind, 'Progressing']);
        const done = await until(kind, 'Current');
        expect(observed(done)).toBe(g);
      }
    }, 60_000);

    it('a suspended organization and its agent are InProgress (Ready False) and Suspended in Argo CD; resumed, Current', async () => {
      await patch('Organization', { spec: { suspended: true } });
      const org = await until('Organization', 'InProgress', 'the organization is suspended (spec.suspended)');
      const agent = await until('Agent', 'InProgress', `organization ${ORG} is suspended`);
      expect([argoHealth(org), argoHealth(agent)]).toEqual(['Suspended', 'Suspended']);
      expect(kstatus(await get('Team')).status).toBe('Current');
      await patch('Organization', { spec: { suspended: false } });
      for (const kind of KINDS) await until(kind, 'Current');
    }, 60_000);

    it('a deleted object is Terminating until its finalizers are done, then gone', async () => {
      const hold = { metadata: { finalizers: ['example.com/hold'] } };
      await patch('Agent', hold);
      await patch('Group', hold);
      for (const kind of ['Agent', 'Group', 'Team'] as const) {
        expectCode(await ts.call('DELETE', paths[kind]), 200);
        const o = await get(kind);
        expect([kind, kstatus(o)]).toEqual([
          kind,
          { status: 'Terminating', message: 'Resource scheduled for deletion' },
        ]);
        if (kind !== 'Group') expect([kind, argoHealth(o)]).toEqual([kind, 'Progressing']);
      }
      await patch('Agent', { metadata: { finalizers: null } });
      await patch('Group', { metadata: { finalizers: null } });
      expectCode(await ts.call('DELETE', paths.Organization), 200);
      const org = await get('Organization');
      expect(kstatus(org).status).toBe('Terminating');
      expect(argoHealth(org)).toBe('Progressing');
      for (const kind of KINDS) await gone(ts, paths[kind], 30_000);
    }, 60_000);

    it('every version seen follows kstatus: InProgress when new, observedGeneration always there, never ahead, never back; Ready True only for it', async () => {
      const versions = new Map<string, KubeObject[]>();
      for (const w of watches)
        for (let n = w.buffered(); n > 0; n--) {
          const { object } = await w.next();
          const key = `${object.kind}/${object.metadata.name ?? ''}`;
          versions.set(key, [...(versions.get(key) ?? []), object]);
        }
      expect([...versions.keys()].sort()).toEqual([
        'Agent/bot',
        'Group/devs',
        'Organization/kst',
        'Team/eng',
      ]);
      for (const [key, seen] of versions) {
        expect([key, kstatus(seen[0] as KubeObject).status]).toEqual([key, 'InProgress']);
        let last = 0;
        for (const o of seen) {
          const og = observed(o);
          expect([key, typeof og]).toEqual([key, 'number']);
          if (typeof og !== 'number') continue;
          expect(og).toBeLessThanOrEqual(o.metadata.generation ?? 0);
          expect(og).toBeGreaterThanOrEqual(last);
          last = og;
          const conditions = (o.status as { conditions?: Cond[] }).conditions ?? [];
          const ready = conditions.find((c) => c.type === 'Ready');
          if (ready?.status === 'True') expect([key, ready.observedGeneration]).toEqual([key, og]);
        }
      }
    });
  },
);
