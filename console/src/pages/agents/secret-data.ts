/**
 * Secrets in the console: only key names are ever kept (the list response carries the values;
 * they are dropped as soon as a row is made), and a value is written as a merge patch of
 * stringData (the server base64-encodes it into data and encrypts it at rest).
 */
import type { Secret } from './types';

export interface SecretRow {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly keys: readonly string[];
  readonly creationTimestamp: string | undefined;
}

/** The Secret with each value replaced by '' (its key names kept). */
export function withoutValues(s: Secret): Secret {
  const data = s.data === undefined ? undefined : Object.fromEntries(Object.keys(s.data).map((k) => [k, '']));
  const { stringData: _dropped, ...rest } = s as Secret & { stringData?: unknown };
  return data === undefined ? rest : { ...rest, data };
}

/** A Secret without its values. */
export function secretRow(s: Secret): SecretRow {
  return {
    namespace: s.metadata.namespace ?? '',
    name: s.metadata.name,
    type: s.type ?? 'Opaque',
    keys: Object.keys(s.data ?? {}).sort(),
    creationTimestamp: s.metadata.creationTimestamp,
  };
}

/** The JSON merge patch that sets one key. */
export function setValuePatch(key: string, value: string): { stringData: Record<string, string> } {
  return { stringData: { [key]: value } };
}

/** A new Opaque Secret holding one key. */
export function newSecret(
  namespace: string,
  name: string,
  key: string,
  value: string,
): Secret & {
  stringData: Record<string, string>;
} {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'Opaque',
    stringData: { [key]: value },
  };
}

/** kube's rule for Secret keys: [-._a-zA-Z0-9]+, at most 253 characters. */
export const validKey = (key: string): boolean => /^[-._a-zA-Z0-9]{1,253}$/.test(key);
