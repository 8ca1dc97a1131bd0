/**
 * What importing member rows writes: per row, the ServiceAccount when it is missing and a
 * RoleBinding `<role>-<username>` to the ClusterRole in the organization's (or the team's)
 * namespace unless a binding there already grants that role to that user. Reading what exists is
 * the only server access here; a row whose organization, team or role does not exist is an error
 * naming its line.
 */
import type { Obj } from '../gitops/objects.js';
import { inPool } from './pool.js';
import type { MemberRow } from './rows.js';

const ORGPLANE = 'orgplane.io/v1alpha1';
const RBAC = 'rbac.authorization.k8s.io';
export const EMAIL_ANNOTATION = 'orgplane.io/email';
/** reads of a large file in flight at once */
const READS_IN_FLIGHT = 16;

/** The reads a plan needs; undefined for an object that does not exist. */
export interface MemberReads {
  read(apiVersion: string, kind: string, name: string, namespace?: string): Promise<Obj | undefined>;
  /** the RoleBindings of one namespace */
  roleBindings(namespace: string): Promise<readonly Obj[]>;
}

export interface RowPlan {
  readonly row: MemberRow;
  readonly writes: readonly Obj[];
  readonly createsAccount: boolean;
}

export interface MemberPlan {
  readonly rows: readonly RowPlan[];
  readonly errors: readonly string[];
}

export const namespaceOf = (org: string, row: MemberRow): string =>
  row.team === undefined ? org : `${org}-${row.team}`;

function grants(binding: Obj, role: string, user: string): boolean {
  const ref = binding.roleRef as { kind?: string; name?: string } | undefined;
  const subjects = (binding.subjects ?? []) as { kind?: string; name?: string }[];
  return (
    ref?.kind === 'ClusterRole' &&
    ref.name === role &&
    subjects.some((s) => s.kind === 'User' && s.name === user)
  );
}

export function accountOf(row: MemberRow): Obj {
  const annotations = row.email !== undefined ? { annotations: { [EMAIL_ANNOTATION]: row.email } } : {};
  return {
    apiVersion: ORGPLANE,
    kind: 'ServiceAccount',
    metadata: { name: row.username, ...annotations },
    spec: { description: 'imported member' },
  };
}

export function bindingOf(org: string, row: MemberRow): Obj {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name: `${row.role}-${row.username}`, namespace: namespaceOf(org, row) },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: row.role },
    subjects: [{ apiGroup: RBAC, kind: 'User', name: row.username }],
  };
}

/** The writes of every row, or the errors (line-numbered) that make the import write nothing. */
export async function planMembers(
  reads: MemberReads,
  org: string,
  rows: readonly MemberRow[],
  onRow: (done: number) => void = () => undefined,
): Promise<MemberPlan> {
  if (!(await reads.read(ORGPLANE, 'Organization', org)))
    return { rows: [], errors: [`organization "${org}" not found`] };
  const roles = new Map<string, Promise<boolean>>();
  const teams = new Map<string, Promise<boolean>>();
  const bindings = new Map<string, Promise<readonly Obj[]>>();
  const once = <T>(m: Map<string, Promise<T>>, key: string, f: () => Promise<T>): Promise<T> => {
    const hit = m.get(key) ?? f();
    m.set(key, hit);
    return hit;
  };
  let done = 0;
  const planned = await inPool(rows, READS_IN_FLIGHT, async (row): Promise<RowPlan | string[]> => {
    const at = `line ${String(row.line)}`;
    const bad: string[] = [];
    const role = await once(roles, row.role, async () =>
      Boolean(await reads.read(`${RBAC}/v1`, 'ClusterRole', row.role)),
    );
    if (!role) bad.push(`${at}: unknown role "${row.role}"`);
    if (row.team !== undefined) {
      const team = row.team;
      const exists = await once(teams, team, async () =>
        Boolean(await reads.read(ORGPLANE, 'Team', team, org)),
      );
      if (!exists) bad.push(`${at}: team "${team}" not found in organization "${org}"`);
    }
    if (bad.length > 0) return bad;
    const ns = namespaceOf(org, row);
    const bound = (await once(bindings, ns, () => reads.roleBindings(ns))).some((b) =>
      grants(b, row.role, row.username),
    );
    const createsAccount = !(await reads.read(ORGPLANE, 'ServiceAccount', row.username));
    const writes = [...(createsAccount ? [accountOf(row)] : []), ...(bound ? [] : [bindingOf(org, row)])];
    onRow(++done);
    return { row, writes, createsAccount };
  });
  const errors = planned.flatMap((p) => (Array.isArray(p) ? p : []));
  const plans = planned.filter((p): p is RowPlan => !Array.isArray(p));
  return errors.length > 0 ? { rows: [], errors } : { rows: plans, errors };
}
