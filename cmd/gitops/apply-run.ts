/**
 * The `orgplane apply` pipeline: load every file, validate every object with server-side dry-run
 * applies (nothing is written when one fails), apply in dependency order writing only objects the
 * dry run shows would change, prune the apply set's objects no longer in the files, then wait.
 */
import type { GitopsClient } from './client.js';
import { ServerError } from './client.js';
import { onlyDriftConflicts } from './conflicts.js';
import { loadSources, sourcePaths, type Manifest } from './load.js';
import {
  applyOrder,
  applySetId,
  applySetSelector,
  displayName,
  kindsOf,
  namespaceOf,
  nameOf,
  pruneCandidates,
  sameObject,
  withApplySet,
  type Obj,
} from './objects.js';
import { waitReady } from './wait.js';

export interface ApplyFlags {
  readonly files: readonly string[];
  readonly kustomize: readonly string[];
  readonly prune: boolean;
  readonly wait: boolean;
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly timeoutMs: number;
}

interface Planned {
  readonly file: string;
  readonly desired: Obj;
  /** Apply with force: --force-conflicts, or the only conflicts are with imperative (Update) edits. */
  readonly force: boolean;
  /** 'deferred': its namespace comes from an object of this set that does not exist yet. */
  action: 'created' | 'configured' | 'unchanged' | 'deferred';
}

/** The objects of the files, with the apply-set labels, in apply order. */
export async function desiredSet(
  files: readonly string[],
  kustomize: readonly string[],
): Promise<{ setId: string; items: Manifest[] }> {
  const setId = applySetId(sourcePaths(files, kustomize));
  const loaded = await loadSources(files, kustomize);
  const items = applyOrder(loaded, (m) => m.object).map((m) => ({
    file: m.file,
    object: withApplySet(m.object, setId),
  }));
  return { setId, items };
}

/** Namespaces the set itself creates: new Namespaces and Organizations (their namespace shares the name). */
function namespacesMadeBy(plan: readonly Planned[]): Set<string> {
  return new Set(
    plan
      .filter((p) => p.action === 'created' && ['Namespace', 'Organization'].includes(String(p.desired.kind)))
      .map((p) => nameOf(p.desired)),
  );
}

/** Dry-run apply; a conflict only with imperative edits is retried with force (drift is healed). */
async function dryRunHealing(
  client: GitopsClient,
  o: Obj,
  live: Obj | undefined,
  force: boolean,
): Promise<{ object: Obj; forced: boolean }> {
  try {
    return { object: await client.apply(o, { dryRun: true, force }), forced: false };
  } catch (err) {
    if (force || !(err instanceof ServerError) || err.code !== 409 || !onlyDriftConflicts(err.message, live))
      throw err;
    return { object: await client.apply(o, { dryRun: true, force: true }), forced: true };
  }
}

async function validate(
  client: GitopsClient,
  items: readonly Manifest[],
  force: boolean,
): Promise<Planned[]> {
  const plan: Planned[] = [];
  const failures: string[] = [];
  for (const m of items) {
    const live = await client.read(m.object).catch(() => undefined);
    try {
      const result = await dryRunHealing(client, m.object, live, force);
      plan.push({
        file: m.file,
        desired: m.object,
        force: force || result.forced,
        action: !live ? 'created' : sameObject(result.object, live) ? 'unchanged' : 'configured',
      });
    } catch (err) {
      const ns = namespaceOf(m.object);
      if (
        err instanceof ServerError &&
        err.code === 404 &&
        ns !== undefined &&
        namespacesMadeBy(plan).has(ns)
      ) {
        plan.push({ file: m.file, desired: m.object, force, action: 'deferred' });
        continue;
      }
      failures.push(
        `error: ${m.file}: ${displayName(m.object)}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  if (failures.length > 0) throw new Error(`${failures.join('\n')}\nnothing was applied`);
  return plan;
}

/** Runs apply; writes kubectl-style result lines through `out`. */
export async function runApply(
  connect: () => GitopsClient,
  flags: ApplyFlags,
  out: (line: string) => void,
): Promise<void> {
  const { setId, items } = await desiredSet(flags.files, flags.kustomize);
  const client = connect();
  const plan = await validate(client, items, flags.force);
  if (flags.dryRun) {
    for (const p of plan)
      out(`${displayName(p.desired)} ${p.action === 'deferred' ? 'created' : p.action} (server dry run)`);
    if (flags.prune)
      for (const o of await prunable(client, items, setId)) out(`${displayName(o)} pruned (server dry run)`);
    return;
  }
  for (const p of plan) {
    if (p.action !== 'unchanged') await client.apply(p.desired, { dryRun: false, force: p.force });
    out(`${displayName(p.desired)} ${p.action === 'deferred' ? 'created' : p.action}`);
  }
  if (flags.prune)
    for (const o of await prunable(client, items, setId)) {
      await client.delete(o);
      out(`${displayName(o)} pruned`);
    }
  if (flags.wait)
    await waitReady(
      plan.map((p) => p.desired),
      (o) => client.read(o),
      flags.timeoutMs,
    );
}

async function prunable(client: GitopsClient, items: readonly Manifest[], setId: string): Promise<Obj[]> {
  const desired = items.map((m) => m.object);
  const live: Obj[] = [];
  for (const k of kindsOf(desired))
    live.push(...(await client.list(k.apiVersion, k.kind, applySetSelector(setId))));
  return pruneCandidates(live, desired, setId);
}
