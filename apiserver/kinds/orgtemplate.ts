/**
 * OrganizationTemplate: what the schema cannot say, checked on every write (each problem one
 * cause): a team or group named twice, a team whose parent is not one of the template's teams,
 * a role binding whose team the template does not create or whose groups it does not define.
 */
import { isObject, objectOr } from '../../api/json.js';
import type { KubeObject } from '../../api/meta.js';
import type { FieldCause, KindStrategy } from '../registry/types.js';
import { duplicate, notFound } from '../validation/field.js';

const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map((x) => objectOr(x)) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function uniqueNames(items: Record<string, unknown>[], path: string, errs: FieldCause[]): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const name = str(item.name);
    if (name === undefined) return;
    if (seen.has(name)) errs.push(duplicate(`${path}[${String(i)}].name`, name));
    seen.add(name);
  });
  return seen;
}

export function validateTemplate(obj: KubeObject): FieldCause[] {
  const spec = objectOr(obj.spec);
  const errs: FieldCause[] = [];
  const teams = list(spec.teams);
  const teamNames = uniqueNames(teams, 'spec.teams', errs);
  const groupNames = uniqueNames(list(spec.groups), 'spec.groups', errs);
  teams.forEach((t, i) => {
    const parent = str(t.parent);
    if (parent !== undefined && !teamNames.has(parent))
      errs.push(notFound(`spec.teams[${String(i)}].parent`, parent));
  });
  const bindings = list(spec.roleBindings);
  uniqueNames(bindings, 'spec.roleBindings', errs);
  bindings.forEach((b, i) => {
    const team = str(b.team);
    if (team !== undefined && !teamNames.has(team))
      errs.push(notFound(`spec.roleBindings[${String(i)}].team`, team));
    (Array.isArray(b.groups) ? b.groups : []).forEach((g, j) => {
      if (typeof g === 'string' && !groupNames.has(g))
        errs.push(notFound(`spec.roleBindings[${String(i)}].groups[${String(j)}]`, g));
    });
  });
  return errs;
}

/** Spec fields a template's defaults merge into key by key rather than fill only when unset. */
const MERGED_MAPS = new Set(['features']);

/**
 * An Organization's spec with a template's defaults (its spec.organization) applied: each field of
 * `known` the spec leaves unset is copied; for `features`, each flag the spec leaves unset.
 */
export function withTemplateDefaults(
  spec: Readonly<Record<string, unknown>>,
  defaults: Readonly<Record<string, unknown>>,
  known: ReadonlySet<string>,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...spec };
  for (const [k, v] of Object.entries(defaults)) {
    if (!known.has(k)) continue;
    if (next[k] === undefined) next[k] = structuredClone(v);
    else if (MERGED_MAPS.has(k) && isObject(next[k]) && isObject(v))
      next[k] = { ...structuredClone(v), ...next[k] };
  }
  return next;
}

export const organizationTemplateHooks: KindStrategy = { validate: (obj) => validateTemplate(obj) };
