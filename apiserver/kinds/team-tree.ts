/**
 * Teams as a tree (pure functions): a team's namespace name, the chain of ancestors above a team
 * (refusing a missing parent, a parent of another organization, and cycles, named
 * `backend -> api -> backend`), and the labels of a team's namespace.
 */
import type { KubeObject } from '../../api/meta.js';
import { objectOr } from '../../api/json.js';
import { ORGANIZATION_LABEL, TEAM_LABEL, treeLabel } from '../../api/tree.js';
import { invalid, notFound, type FieldError } from '../validation/field.js';

export { ORGANIZATION_LABEL, TEAM_LABEL, treeLabel };

/** The finalizer the team controller removes once a deleted team's subtree and namespace are gone. */
export const TEAM_FINALIZER = 'orgplane.io/team';
export const MAX_NAMESPACE_LENGTH = 63;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const teamNamespace = (org: string, team: string): string => `${org}-${team}`;

export interface TeamNode {
  readonly name: string;
  readonly parent: string | undefined;
  readonly deleting: boolean;
  readonly cascade: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function teamNode(obj: KubeObject): TeamNode {
  const spec = objectOr(obj.spec);
  return {
    name: obj.metadata.name ?? '',
    parent: str(spec.parent),
    deleting: obj.metadata.deletionTimestamp !== undefined,
    cascade: spec.allowCascadingDeletion === true,
  };
}

export type Chain =
  | { readonly ok: true; readonly ancestors: readonly string[] }
  | { readonly ok: false; readonly error: FieldError };

/**
 * The ancestors of team `name` in `org` if its parent were `parent`: nearest first, the top-level
 * team last (empty for a top-level team). `teams` holds the organization's stored teams.
 */
export function chainAbove(
  teams: ReadonlyMap<string, TeamNode>,
  org: string,
  name: string,
  parent: string | undefined,
): Chain {
  const field = 'spec.parent';
  if (parent === undefined) return { ok: true, ancestors: [] };
  if (parent.includes('/') && parent.split('/')[0] !== org)
    return {
      ok: false,
      error: invalid(field, parent, `the parent must be a team of organization ${JSON.stringify(org)}`),
    };
  const ancestors: string[] = [];
  for (let cur: string | undefined = parent; cur !== undefined;) {
    if (cur === name || ancestors.includes(cur)) {
      const loop = [name, ...ancestors, cur].slice(cur === name ? 0 : ancestors.indexOf(cur) + 1);
      return {
        ok: false,
        error: invalid(field, parent, `the parent would make a cycle: ${loop.join(' -> ')}`),
      };
    }
    const node = teams.get(cur);
    if (!node)
      return {
        ok: false,
        error:
          cur === parent
            ? notFound(field, parent)
            : invalid(field, parent, `ancestor team ${JSON.stringify(cur)} does not exist`),
      };
    ancestors.push(cur);
    cur = node.parent;
  }
  return { ok: true, ancestors };
}

/** What is wrong with a team's name: not a DNS label, or a namespace name over 63 characters. */
export function nameErrors(org: string, name: string): FieldError[] {
  const ns = teamNamespace(org, name);
  const out: FieldError[] = [];
  if (!DNS_LABEL.test(name))
    out.push(
      invalid('metadata.name', name, 'a team name must be a DNS-1123 label (lower case letters, digits, -)'),
    );
  if (ns.length > MAX_NAMESPACE_LENGTH)
    out.push(
      invalid(
        'metadata.name',
        name,
        `the team's namespace ${JSON.stringify(ns)} would be ${String(ns.length)} characters, more than ${String(MAX_NAMESPACE_LENGTH)}`,
      ),
    );
  return out;
}

/** The tree labels of a team's namespace: itself 0, each ancestor team 1.., the organization last. */
export function treeLabels(org: string, name: string, ancestors: readonly string[]): Record<string, string> {
  const out: Record<string, string> = { [treeLabel(teamNamespace(org, name))]: '0' };
  ancestors.forEach((a, i) => (out[treeLabel(teamNamespace(org, a))] = String(i + 1)));
  out[treeLabel(org)] = String(ancestors.length + 1);
  return out;
}

/** Every label of a new team namespace. */
export function namespaceLabels(
  org: string,
  name: string,
  ancestors: readonly string[],
): Record<string, string> {
  return { [ORGANIZATION_LABEL]: org, [TEAM_LABEL]: name, ...treeLabels(org, name, ancestors) };
}
