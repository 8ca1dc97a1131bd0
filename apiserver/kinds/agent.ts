/**
 * orgplane.io/v1alpha1 Agent: what its schema cannot say about spec.env, with the wording of kube's
 * Pod validation (ValidateEnv): a name is an environment variable name; valueFrom names exactly one
 * of secretKeyRef and configMapKeyRef, never beside a non-empty value; a ref's name is a DNS
 * subdomain and its key a config key. Duplicate names are the schema's (a list-map keyed by name).
 */
import { isObject, objectOr } from '../../api/json.js';
import type { KubeObject } from '../../api/meta.js';
import type { FieldCause, KindStrategy } from '../registry/types.js';
import { isConfigMapKey } from '../validation/config-data.js';
import { isEnvVarName } from '../validation/env-names.js';
import { child, index, invalid, required } from '../validation/field.js';
import { isDNS1123Subdomain } from '../validation/names.js';

const REFS = ['configMapKeyRef', 'secretKeyRef'] as const;

/** A missing or mistyped field is the schema's error; these check the strings given. */
function validateKeySelector(ref: Record<string, unknown>, path: string): FieldCause[] {
  const errs: FieldCause[] = [];
  const { name, key } = ref;
  if (typeof name === 'string')
    for (const msg of isDNS1123Subdomain(name)) errs.push(invalid(child(path, 'name'), name, msg));
  if (key === '') errs.push(required(child(path, 'key')));
  else if (typeof key === 'string')
    for (const msg of isConfigMapKey(key)) errs.push(invalid(child(path, 'key'), key, msg));
  return errs;
}

function validateName(name: unknown, path: string): FieldCause[] {
  if (name === '') return [required(path)];
  if (typeof name !== 'string') return [];
  return isEnvVarName(name).map((msg) => invalid(path, name, msg));
}

/** validateEnvVarValueFrom: one source, and no value beside it. */
function validateValueFrom(env: Record<string, unknown>, path: string): FieldCause[] {
  if (!isObject(env.valueFrom)) return [];
  const from = env.valueFrom;
  const errs: FieldCause[] = [];
  let sources = 0;
  for (const ref of REFS) {
    const sel = from[ref];
    if (!isObject(sel)) continue;
    sources++;
    errs.push(...validateKeySelector(sel, child(path, ref)));
  }
  const value = typeof env.value === 'string' ? env.value : '';
  if (sources === 0) errs.push(invalid(path, '', 'must specify one of: `configMapKeyRef` or `secretKeyRef`'));
  else if (value !== '') errs.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  else if (sources > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  return errs;
}

export function validateAgentEnv(obj: KubeObject): FieldCause[] {
  const env = objectOr(obj.spec).env;
  if (!Array.isArray(env)) return [];
  const errs: FieldCause[] = [];
  env.forEach((item, i) => {
    if (!isObject(item)) return;
    const path = index('spec.env', i);
    errs.push(...validateName(item.name, child(path, 'name')));
    errs.push(...validateValueFrom(item, child(path, 'valueFrom')));
  });
  return errs;
}

export const agentStrategy: KindStrategy = { validate: (obj) => validateAgentEnv(obj) };
