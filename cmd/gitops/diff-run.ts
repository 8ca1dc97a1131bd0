/**
 * The `orgplane diff` pipeline: each object of the files is dry-run applied exactly as `orgplane apply`
 * would (same field manager and apply-set labels, forced) and compared with the live object; the
 * differences are printed as unified diffs of normalised YAML. Answers whether anything differs.
 */
import { dump } from 'js-yaml';
import type { GitopsClient } from './client.js';
import { ServerError } from './client.js';
import { desiredSet } from './apply-run.js';
import { unifiedDiff } from './diff-render.js';
import { displayName, normalize, namespaceOf, type Obj } from './objects.js';

function yaml(o: Obj | undefined): string {
  return o ? dump(normalize(o), { noRefs: true, sortKeys: true, lineWidth: -1 }) : '';
}

function pathName(o: Obj): string {
  const ns = namespaceOf(o);
  return displayName(o).replace('/', ns ? `/${ns}/` : '/');
}

/** Writes the diffs through `out`; answers true when any object differs or is missing. */
export async function runDiff(
  connect: () => GitopsClient,
  files: readonly string[],
  kustomize: readonly string[],
  out: (text: string) => void,
): Promise<boolean> {
  const { items } = await desiredSet(files, kustomize);
  const client = connect();
  let differs = false;
  for (const m of items) {
    const live = await client.read(m.object);
    let desired: Obj;
    try {
      desired = await client.apply(m.object, { dryRun: true, force: true });
    } catch (err) {
      // A namespace the files create does not exist yet: show the object as it is in the file.
      if (!live && err instanceof ServerError && err.code === 404) desired = m.object;
      else
        throw new Error(
          `${m.file}: ${displayName(m.object)}: ${err instanceof Error ? err.message : String(err)}`,
        );
    }
    const text = unifiedDiff(
      `live/${pathName(m.object)}`,
      `desired/${pathName(m.object)}`,
      yaml(live),
      yaml(desired),
    );
    if (text !== '') {
      differs = true;
      out(text);
    }
  }
  return differs;
}
