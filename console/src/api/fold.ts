/**
 * Folding watch events into a list: ADDED and MODIFIED put the object in (replacing the one with
 * the same namespace/name), DELETED takes it out. The list stays sorted by namespace, then name,
 * and is a new array whenever it changed (the old one is never modified).
 */
import type { KubeObject, WatchEvent } from './types';

export const objectKey = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

const byKey = (a: KubeObject, b: KubeObject): number => {
  const ka = objectKey(a);
  const kb = objectKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

export function sortObjects<T extends KubeObject>(items: readonly T[]): readonly T[] {
  return [...items].sort(byKey);
}

export function foldEvent<T extends KubeObject>(items: readonly T[], event: WatchEvent<T>): readonly T[] {
  if (event.type === 'BOOKMARK' || event.type === 'ERROR') return items;
  const key = objectKey(event.object);
  const rest = items.filter((o) => objectKey(o) !== key);
  if (event.type === 'DELETED') return rest.length === items.length ? items : rest;
  return sortObjects([...rest, event.object]);
}

/** The resourceVersion a watch resumes from after this event (unchanged for ERROR). */
export function resumeVersion(current: string, event: WatchEvent<KubeObject>): string {
  if (event.type === 'ERROR') return current;
  return event.object.metadata.resourceVersion ?? current;
}
