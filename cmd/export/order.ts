/**
 * The order in which one `kubectl apply -f` of an export recreates the tenant: the ServiceAccounts,
 * the Organization (which creates its namespace in the same transaction), its Teams parents first
 * (each creates its namespace in the same transaction), Groups, then the objects inside the
 * namespaces, with what Agents refer to (ConfigMaps, Secrets) before the Agents.
 */
import type { Obj } from '../gitops/objects.js';
import { nameOf, namespaceOf } from '../gitops/objects.js';

const KIND_RANK: Readonly<Record<string, number>> = {
  ServiceAccount: 0,
  Organization: 1,
  Team: 2,
  Group: 3,
  Role: 4,
  RoleBinding: 5,
  ConfigMap: 6,
  Secret: 7,
  Agent: 8,
};
const LAST = 9;

const rankOf = (o: Obj): number => KIND_RANK[String(o.kind)] ?? LAST;

function parentOf(team: Obj): string | undefined {
  const spec = team.spec;
  if (typeof spec !== 'object' || spec === null || !('parent' in spec)) return undefined;
  return typeof spec.parent === 'string' && spec.parent !== '' ? spec.parent : undefined;
}

/** Each Team's depth below its organization (1 = top level), from spec.parent; cycles stop the walk. */
function teamDepths(objects: readonly Obj[]): Map<Obj, number> {
  const byKey = new Map<string, Obj>();
  for (const o of objects) if (o.kind === 'Team') byKey.set(`${namespaceOf(o) ?? ''}/${nameOf(o)}`, o);
  const depths = new Map<Obj, number>();
  for (const team of byKey.values()) {
    let depth = 1;
    const seen = new Set<Obj>([team]);
    for (let p = parentOf(team); p !== undefined; depth++) {
      const parent = byKey.get(`${namespaceOf(team) ?? ''}/${p}`);
      if (!parent || seen.has(parent)) break;
      seen.add(parent);
      p = parentOf(parent);
    }
    depths.set(team, depth);
  }
  return depths;
}

/** `objects` in apply order (a new array); ties by namespace, then name, so output is stable. */
export function applyOrder(objects: readonly Obj[]): Obj[] {
  const depths = teamDepths(objects);
  const key = (o: Obj): [number, number, string, string] => [
    rankOf(o),
    depths.get(o) ?? 0,
    namespaceOf(o) ?? '',
    nameOf(o),
  ];
  return [...objects].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2].localeCompare(kb[2]) || ka[3].localeCompare(kb[3]);
  });
}
