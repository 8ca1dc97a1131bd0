/**
 * An organization's namespaces: its own (named after it) and one per Team (`status.namespace`,
 * else `<org>-<team>`). A cross-namespace list answers every namespace the caller may list, in
 * every organization; these helpers keep the rows of this organization (and of one team).
 */
import type { KubeObject } from '../../api/types';
import type { Team } from './types';

export interface NamespaceOption {
  readonly namespace: string;
  /** what the team select shows: "Organization (acme)" or the team's path / display name */
  readonly label: string;
}

export const teamNamespace = (org: string, team: Team): string =>
  team.status?.namespace ?? `${org}-${team.metadata.name}`;

/** The organization's namespace first, then its teams' by namespace. */
export function orgNamespaces(org: string, teams: readonly Team[]): readonly NamespaceOption[] {
  const own: NamespaceOption = { namespace: org, label: `Organization (${org})` };
  const rest = teams
    .filter((t) => t.metadata.namespace === org)
    .map((t) => ({
      namespace: teamNamespace(org, t),
      label: t.status?.path ?? t.spec?.displayName ?? t.metadata.name,
    }))
    .sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
  return [own, ...rest];
}

/** The objects in `namespaces`, or only in `only` when it is one of them ('' = all of them). */
export function inNamespaces<T extends KubeObject>(
  items: readonly T[],
  namespaces: readonly NamespaceOption[],
  only = '',
): readonly T[] {
  const allowed = new Set(namespaces.map((n) => n.namespace));
  if (only !== '' && !allowed.has(only)) return [];
  return items.filter((o) => {
    const ns = o.metadata.namespace ?? '';
    return only === '' ? allowed.has(ns) : ns === only;
  });
}

/** The label a row shows for its namespace (the team's, else the namespace itself). */
export function namespaceLabel(namespaces: readonly NamespaceOption[], ns: string | undefined): string {
  return namespaces.find((n) => n.namespace === ns)?.label ?? ns ?? '';
}
