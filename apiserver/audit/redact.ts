/**
 * What an audit record may hold of a body, at every level (RequestResponse included): a core
 * Secret's data and stringData values become "<redacted>" wherever a Secret appears (object,
 * list, Table row, patch, apply configuration, JSON patch operation); PII is masked (an
 * Organization's billing email: `j***@example.com`). Kube's default policy logs Secrets at
 * Metadata only; here no policy can record their values.
 */
import { getOwn, isObject, type JsonObject } from '../../api/json.js';
import { maskEmail, REDACTED, redactSecret } from '../../api/redact.js';
import type { RequestAttributes } from '../authz/types.js';

export type BodyRedactor = (body: unknown) => unknown;

/** Core Secrets: their bodies are recorded with the values redacted. */
export const isCoreSecrets = (a: RequestAttributes): boolean =>
  a.resourceRequest && a.group === '' && a.resource === 'secrets' && a.subresource === '';

const isSecretObject = (v: JsonObject): boolean =>
  getOwn(v, 'kind') === 'Secret' && getOwn(v, 'apiVersion') === 'v1';

/** A JSON patch operation on a Secret keeps its path, never its value. */
function redactOperation(op: unknown): unknown {
  return isObject(op) && Object.hasOwn(op, 'value') ? { ...op, value: REDACTED } : op;
}

/**
 * `v` with every Secret in it redacted and every billing email masked; `root` says the top object
 * is a Secret whatever its kind says (a patch or apply body). Unchanged parts are shared.
 */
function walk(v: unknown, root: boolean): unknown {
  if (Array.isArray(v)) return root ? v.map(redactOperation) : v.map((x) => walk(x, false));
  if (!isObject(v)) return v;
  const secret = root || isSecretObject(v);
  const source = secret ? redactSecret(v) : v;
  let out: JsonObject | undefined;
  for (const [k, child] of Object.entries(source)) {
    const next =
      k === 'billing' && isObject(child) && typeof child.email === 'string'
        ? { ...child, email: maskEmail(child.email) }
        : walk(child, false);
    if (next !== child) (out ??= { ...source })[k] = next;
  }
  return out ?? source;
}

/** The redactor of one request's bodies. */
export function bodyRedactor(a: RequestAttributes): BodyRedactor {
  const root = isCoreSecrets(a);
  return (body) => walk(body, root);
}
