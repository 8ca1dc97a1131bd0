import { describe, expect, it } from '@jest/globals';
import type { Obj } from '../gitops/objects.js';
import { bindingOf, planMembers, type MemberReads } from './plan.js';
import type { MemberRow } from './rows.js';

/** A server holding `objects`, keyed kind/namespace/name. */
function server(objects: Record<string, Obj>): MemberReads & { reads: number } {
  const s = {
    reads: 0,
    read: (_v: string, kind: string, name: string, ns?: string): Promise<Obj | undefined> => {
      s.reads++;
      return Promise.resolve(objects[`${kind}/${ns ?? ''}/${name}`]);
    },
    roleBindings: (ns: string): Promise<Obj[]> => {
      s.reads++;
      return Promise.resolve(
        Object.entries(objects)
          .filter(([k]) => k.startsWith(`RoleBinding/${ns}/`))
          .map(([, o]) => o),
      );
    },
  };
  return s;
}

const base = {
  'Organization//acme': { kind: 'Organization' },
  'ClusterRole//developer': { kind: 'ClusterRole' },
  'ClusterRole//viewer': { kind: 'ClusterRole' },
  'Team/acme/eng': { kind: 'Team' },
};
const row = (line: number, username: string, role: string, team?: string): MemberRow => ({
  line,
  username,
  role,
  ...(team !== undefined ? { team } : {}),
});

describe('planMembers', () => {
  it('creates missing accounts and bindings, in the team namespace for a team row', async () => {
    const plan = await planMembers(server(base), 'acme', [
      row(2, 'alice', 'developer'),
      row(3, 'bob', 'viewer', 'eng'),
    ]);
    expect(plan.errors).toEqual([]);
    expect(
      plan.rows.map((p) => p.writes.map((o) => `${String(o.kind)} ${JSON.stringify(o.metadata)}`)),
    ).toEqual([
      ['ServiceAccount {"name":"alice"}', 'RoleBinding {"name":"developer-alice","namespace":"acme"}'],
      ['ServiceAccount {"name":"bob"}', 'RoleBinding {"name":"viewer-bob","namespace":"acme-eng"}'],
    ]);
  });

  it('leaves a member unchanged when any binding in the namespace already grants the role', async () => {
    const existing = { ...bindingOf('acme', row(0, 'alice', 'developer')), metadata: { name: 'by-hand' } };
    const s = server({ ...base, 'ServiceAccount//alice': {}, 'RoleBinding/acme/by-hand': existing });
    const plan = await planMembers(s, 'acme', [row(2, 'alice', 'developer'), row(3, 'alice2', 'developer')]);
    expect(plan.rows.map((p) => p.writes.length)).toEqual([0, 2]);
    expect(s.reads).toBeLessThan(8); // the namespace's bindings are listed once
  });

  it('refuses unknown roles, teams and organizations, naming each line, and plans nothing', async () => {
    const plan = await planMembers(server(base), 'acme', [
      row(2, 'alice', 'developer'),
      row(3, 'carol', 'superuser'),
      row(4, 'dan', 'viewer', 'ops'),
    ]);
    expect(plan.rows).toEqual([]);
    expect(plan.errors).toEqual([
      'line 3: unknown role "superuser"',
      'line 4: team "ops" not found in organization "acme"',
    ]);
    expect((await planMembers(server(base), 'nope', [row(2, 'a', 'viewer')])).errors).toEqual([
      'organization "nope" not found',
    ]);
  });
});
