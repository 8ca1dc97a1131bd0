/**
 * The organization's teams as a tree (spec.parent; absent = top level). A team whose parent is
 * not among the teams is shown at the top level rather than hidden. Children are sorted by their
 * label, then name.
 */
import type { Team } from './org-types';

export interface TeamNode {
  readonly team: Team;
  readonly children: readonly TeamNode[];
}

export const teamLabel = (t: Team): string => t.spec?.displayName ?? t.metadata.name;

const byLabel = (a: TeamNode, b: TeamNode): number =>
  teamLabel(a.team).localeCompare(teamLabel(b.team)) ||
  a.team.metadata.name.localeCompare(b.team.metadata.name);

export function buildTree(teams: readonly Team[]): TeamNode[] {
  const names = new Set(teams.map((t) => t.metadata.name));
  const kids = new Map<string, Team[]>();
  for (const t of teams) {
    const p = t.spec?.parent;
    const key = p !== undefined && names.has(p) && p !== t.metadata.name ? p : '';
    kids.set(key, [...(kids.get(key) ?? []), t]);
  }
  const seen = new Set<string>();
  const grow = (parent: string): TeamNode[] =>
    (kids.get(parent) ?? [])
      .filter((t) => !seen.has(t.metadata.name) && seen.add(t.metadata.name))
      .map((team) => ({ team, children: grow(team.metadata.name) }))
      .sort(byLabel);
  return grow('');
}

/** `name` and every team under it (the parents a move of `name` must not choose). */
export function subtreeOf(teams: readonly Team[], name: string): Set<string> {
  const out = new Set([name]);
  for (let grew = true; grew;) {
    grew = false;
    for (const t of teams) {
      const p = t.spec?.parent;
      if (p !== undefined && out.has(p) && !out.has(t.metadata.name)) {
        out.add(t.metadata.name);
        grew = true;
      }
    }
  }
  return out;
}

/** Every team in tree order with its depth (1 = top level), for selects and keyboard order. */
export function flatten(nodes: readonly TeamNode[], depth = 1): { team: Team; depth: number }[] {
  return nodes.flatMap((n) => [{ team: n.team, depth }, ...flatten(n.children, depth + 1)]);
}
