/**
 * What must never leave the server in clear, and how it is hidden where an object is shown for
 * record keeping (audit bodies, the last-applied annotation of a Secret): a Secret's data and
 * stringData values become "<redacted>" (keys are kept), and PII (an Organization's billing email)
 * is masked. Pure functions over decoded JSON; the input is never modified.
 */
import { getOwn, isObject, setOwn, type JsonObject } from './json.js';

export const REDACTED = '<redacted>';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const SECRET_MAPS = ['data', 'stringData'] as const;

/** `j***@example.com`: the first character of the local part and the domain stay. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return REDACTED;
  return `${email.slice(0, Math.min(1, at))}***${email.slice(at)}`;
}

function redactMap(v: unknown): unknown {
  if (!isObject(v)) return v === undefined || v === null ? v : REDACTED;
  const out: JsonObject = {};
  for (const k of Object.keys(v)) setOwn(out, k, getOwn(v, k) === null ? null : REDACTED);
  return out;
}

/** A last-applied annotation's text with the Secret values inside redacted; undefined if unreadable. */
export function redactLastAppliedText(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  return `${JSON.stringify(redactSecret(parsed))}${text.endsWith('\n') ? '\n' : ''}`;
}

function redactAnnotations(meta: unknown): unknown {
  if (!isObject(meta) || !isObject(meta.annotations)) return meta;
  const text = getOwn(meta.annotations, LAST_APPLIED);
  if (text === undefined || text === null) return meta;
  const annotations = { ...meta.annotations };
  const redacted = typeof text === 'string' ? redactLastAppliedText(text) : undefined;
  setOwn(annotations, LAST_APPLIED, redacted ?? REDACTED);
  return { ...meta, annotations };
}

/** A Secret (or a partial one: a patch, an apply configuration) with its values redacted. */
export function redactSecret(obj: JsonObject): JsonObject {
  const out: JsonObject = { ...obj };
  for (const f of SECRET_MAPS) if (Object.hasOwn(out, f)) out[f] = redactMap(out[f]);
  if (Object.hasOwn(out, 'metadata')) out.metadata = redactAnnotations(out.metadata);
  return out;
}

/** An Organization with its billing email masked. */
export function maskOrganization(obj: JsonObject): JsonObject {
  const spec = getOwn(obj, 'spec');
  const billing = isObject(spec) ? getOwn(spec, 'billing') : undefined;
  const email = isObject(billing) ? getOwn(billing, 'email') : undefined;
  if (!isObject(spec) || !isObject(billing) || typeof email !== 'string') return obj;
  return { ...obj, spec: { ...spec, billing: { ...billing, email: maskEmail(email) } } };
}
