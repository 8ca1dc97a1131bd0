/**
 * The keys each built-in Secret type requires (kube's ValidateSecret): a TLS Secret its
 * certificate and key, a docker config its JSON, and so on. Like kube, a value is never shown:
 * a malformed docker config is reported as "<secret contents redacted>".
 */
import { isObject } from '../../api/json.js';
import type { KubeObject } from '../../api/meta.js';
import { child, invalid, key, required, type FieldError } from './field.js';

const SERVICE_ACCOUNT_NAME = 'kubernetes.io/service-account.name';
const REDACTED_CONTENTS = '<secret contents redacted>';

function dockerConfigErrors(data: Record<string, unknown>, k: string): FieldError[] {
  const value = data[k];
  if (typeof value !== 'string') return [required(key('data', k))];
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    return [invalid(key('data', k), REDACTED_CONTENTS, 'invalid JSON')];
  }
  if (isObject(parsed)) return [];
  const type = Array.isArray(parsed) ? 'array' : parsed === null ? 'null' : typeof parsed;
  return [
    invalid(
      key('data', k),
      REDACTED_CONTENTS,
      `json: cannot unmarshal ${type} into Go value of type map[string]interface {}`,
    ),
  ];
}

/** Errors of `secret` for its type; unknown types and Opaque need nothing. */
export function secretTypeErrors(secret: KubeObject): FieldError[] {
  const data = isObject(secret['data']) ? secret['data'] : {};
  const has = (k: string): boolean => Object.hasOwn(data, k);
  switch (secret['type']) {
    case 'kubernetes.io/service-account-token':
      return secret.metadata.annotations?.[SERVICE_ACCOUNT_NAME]
        ? []
        : [required(key(child('metadata', 'annotations'), SERVICE_ACCOUNT_NAME))];
    case 'kubernetes.io/dockercfg':
      return dockerConfigErrors(data, '.dockercfg');
    case 'kubernetes.io/dockerconfigjson':
      return dockerConfigErrors(data, '.dockerconfigjson');
    case 'kubernetes.io/basic-auth':
      return has('username') || has('password')
        ? []
        : [required(key('data', 'username')), required(key('data', 'password'))];
    case 'kubernetes.io/ssh-auth':
      return typeof data['ssh-privatekey'] === 'string' && data['ssh-privatekey'] !== ''
        ? []
        : [required(key('data', 'ssh-privatekey'))];
    case 'kubernetes.io/tls':
      return ['tls.crt', 'tls.key'].filter((k) => !has(k)).map((k) => required(key('data', k)));
    default:
      return [];
  }
}
