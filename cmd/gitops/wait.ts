/**
 * `--wait`: poll the applied objects until each is ready. An object is ready when its `Ready`
 * condition is True for the current generation (condition or status observedGeneration); an object
 * without a Ready condition is ready once its status reports the current observedGeneration, or when
 * it has shown no conditions for a short grace period (a kind no controller reports on).
 */
import { objectOr } from '../../api/json.js';
import type { Obj } from './objects.js';
import { displayName, metadataOf } from './objects.js';

const GRACE_MS = 3000;

/** 'ready', 'pending' (keep waiting) or 'grace' (ready only once the grace period is over). */
export function readiness(o: Obj): 'ready' | 'pending' | 'grace' {
  const generation = metadataOf(o).generation;
  const status = objectOr(o.status);
  const conditions = Array.isArray(status.conditions) ? status.conditions.map(objectOr) : [];
  const observed = (c: Obj): boolean => {
    const g = c.observedGeneration ?? status.observedGeneration;
    return typeof generation !== 'number' || typeof g !== 'number' || g >= generation;
  };
  const ready = conditions.find((c) => c.type === 'Ready');
  if (ready) return ready.status === 'True' && observed(ready) ? 'ready' : 'pending';
  if (typeof status.observedGeneration === 'number' && observed({})) return 'ready';
  return conditions.length === 0 ? 'grace' : 'pending';
}

/** Parses `90s`, `2m`, `1h`, `500ms` or a number of seconds into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`invalid duration "${text}" (use e.g. 90s, 2m)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

/** Waits until every object is ready; throws naming those still pending at the deadline. */
export async function waitReady(
  objects: readonly Obj[],
  read: (o: Obj) => Promise<Obj | undefined>,
  timeoutMs: number,
): Promise<void> {
  const start = Date.now();
  let pending = [...objects];
  for (;;) {
    const still: Obj[] = [];
    for (const o of pending) {
      const live = await read(o);
      const r = live ? readiness(live) : 'pending';
      if (r === 'pending' || (r === 'grace' && Date.now() - start < GRACE_MS)) still.push(o);
    }
    pending = still;
    if (pending.length === 0) return;
    if (Date.now() - start >= timeoutMs)
      throw new Error(`timed out waiting for ${pending.map(displayName).join(', ')} to be Ready`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
