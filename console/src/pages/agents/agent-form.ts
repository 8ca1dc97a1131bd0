/**
 * The create-agent form as data: its fields to an Agent object, a pasted YAML document to an
 * object, and a failed create's Status causes to the form field each belongs to.
 */
import { load } from 'js-yaml';
import { ApiRequestError } from '../../api/errors';
import type { StatusCause } from '../../api/types';
import type { Agent, EnvVar } from './types';

export interface AgentFields {
  readonly name: string;
  readonly namespace: string;
  readonly model: string;
  readonly description: string;
  readonly instructions: string;
  /** comma- or space-separated tool names */
  readonly tools: string;
  /** one `NAME=value` or `NAME=secret:<secret>/<key>` per line */
  readonly env: string;
}

export type FieldKey = Exclude<keyof AgentFields, 'namespace'> | 'yaml';

export const EMPTY_FIELDS: AgentFields = {
  name: '',
  namespace: '',
  model: '',
  description: '',
  instructions: '',
  tools: '',
  env: '',
};

const SECRET_REF = /^secret:([^/]+)\/(.+)$/;

/** The env lines as EnvVars (a line without `=` is a variable with an empty value). */
export function parseEnv(text: string): EnvVar[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((line) => {
      const eq = line.indexOf('=');
      const name = eq < 0 ? line : line.slice(0, eq).trim();
      const value = eq < 0 ? '' : line.slice(eq + 1).trim();
      const ref = SECRET_REF.exec(value);
      return ref
        ? { name, valueFrom: { secretKeyRef: { name: ref[1] ?? '', key: ref[2] ?? '' } } }
        : { name, value };
    });
}

/** The Agent the form describes (empty optional fields are left out, so the server's defaults apply). */
export function agentFromFields(f: AgentFields): Agent {
  const tools = f.tools.split(/[\s,]+/).filter((t) => t !== '');
  const env = parseEnv(f.env);
  return {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Agent',
    metadata: { name: f.name.trim(), namespace: f.namespace },
    spec: {
      model: f.model.trim(),
      ...(f.description.trim() !== '' ? { description: f.description.trim() } : {}),
      ...(f.instructions.trim() !== '' ? { instructions: f.instructions } : {}),
      ...(tools.length > 0 ? { tools } : {}),
      ...(env.length > 0 ? { env } : {}),
    },
  };
}

export type Parsed =
  { readonly ok: true; readonly agent: Agent } | { readonly ok: false; readonly error: string };

/** One YAML (or JSON) Agent; its namespace defaults to `namespace`. */
export function agentFromYaml(text: string, namespace: string): Parsed {
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    return {
      ok: false,
      error: `not valid YAML: ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : ''}`,
    };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return { ok: false, error: 'the YAML must be one Agent object' };
  const o = doc as { kind?: unknown; metadata?: unknown };
  if (o.kind !== undefined && o.kind !== 'Agent')
    return { ok: false, error: `kind must be Agent, not ${JSON.stringify(o.kind)}` };
  const meta =
    typeof o.metadata === 'object' && o.metadata !== null ? (o.metadata as Record<string, unknown>) : {};
  const agent = {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Agent',
    ...o,
    metadata: { ...meta, namespace: typeof meta['namespace'] === 'string' ? meta['namespace'] : namespace },
  } as Agent;
  return { ok: true, agent };
}

/** The form field a Status cause's field path belongs to (undefined: show it with the form's error). */
export function fieldOf(path: string | undefined, yaml: boolean): FieldKey | undefined {
  if (path === undefined || path === '') return undefined;
  if (yaml) return 'yaml';
  if (path === 'metadata.name') return 'name';
  const m = /^spec\.(model|description|instructions|tools|env)\b/.exec(path);
  return m ? (m[1] as FieldKey) : undefined;
}

type Placed = Partial<Record<FieldKey, string>>;

/** The causes that belong to a form field, by field, and how many did. */
function place(causes: readonly StatusCause[], yaml: boolean): { fields: Placed; placed: number } {
  const fields: Placed = {};
  let placed = 0;
  for (const c of causes) {
    const key = fieldOf(c.field, yaml);
    if (key === undefined) continue;
    const text = `${c.field ?? ''}: ${c.message ?? c.reason ?? 'invalid'}`;
    fields[key] = fields[key] === undefined ? text : `${fields[key]}; ${text}`;
    placed++;
  }
  return { fields, placed };
}

/** A failed call's field errors by form field (`field: message`), and what is left for the banner. */
export function fieldErrors(
  err: unknown,
  yaml: boolean,
): { readonly fields: Placed; readonly rest: unknown } {
  if (!(err instanceof ApiRequestError)) return { fields: {}, rest: err };
  const causes = err.status.details?.causes ?? [];
  const { fields, placed } = place(causes, yaml);
  // a pasted document has one field: every complaint about the object goes beside it
  if (yaml && placed === 0 && (err.code === 400 || err.code === 422))
    return { fields: { yaml: err.message }, rest: undefined };
  return { fields, rest: placed > 0 && placed === causes.length ? undefined : err };
}
