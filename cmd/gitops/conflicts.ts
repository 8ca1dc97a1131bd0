/**
 * Conflict policy: server-side apply conflicts with managers that wrote by imperative Update
 * (kubectl edit/patch: drift) are healed by re-applying with force; a conflict with another Apply
 * manager is a real ownership conflict and is reported unless --force-conflicts is given.
 */
import type { Obj } from './objects.js';
import { metadataOf } from './objects.js';

/** Manager names named by a server conflict message (`conflict with "NAME" ...`). */
export function conflictingManagers(message: string): string[] {
  return [...message.matchAll(/conflict with "([^"]+)"/g)].map((m) => m[1] ?? '').filter((n) => n !== '');
}

/** True when every conflicting manager only wrote the live object by Update (never by Apply). */
export function onlyDriftConflicts(message: string, live: Obj | undefined): boolean {
  const names = conflictingManagers(message);
  if (names.length === 0 || !live) return false;
  const entries = Array.isArray(metadataOf(live).managedFields)
    ? (metadataOf(live).managedFields as unknown[])
    : [];
  const ops = (name: string): unknown[] =>
    entries
      .filter((e): e is Obj => typeof e === 'object' && e !== null && (e as Obj).manager === name)
      .map((e) => e.operation);
  return names.every((n) => {
    const o = ops(n);
    return o.length > 0 && o.every((op) => op === 'Update');
  });
}
