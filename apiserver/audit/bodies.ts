/**
 * Turning captured bytes into what the audit record holds: request and response objects (JSON or
 * YAML; other media types are not recorded), the Status of a failure, the object a response named.
 */
import { isObject } from '../../api/json.js';
import { load } from 'js-yaml';
import type { AuditObjectRef } from '../../api/auditevent.js';

type Json = Record<string, unknown>;

const mediaType = (contentType: string | undefined): string =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** A request/response body as JSON data; undefined when empty, not JSON/YAML, or malformed. */
export function decodeBody(bytes: Buffer | undefined, contentType: string | undefined): unknown {
  if (!bytes || bytes.length === 0) return undefined;
  const type = mediaType(contentType);
  const text = bytes.toString('utf8');
  try {
    if (type === 'application/yaml' || type === 'application/x-yaml') return load(text, { json: true });
    if (type === '' || type.endsWith('json') || type === '*/*') return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  return undefined;
}

/** Remove metadata.managedFields from an object and the items of a list (policy omitManagedFields). */
export function withoutManagedFields(body: unknown): unknown {
  if (!isObject(body)) return body;
  const out: Json = { ...body };
  if (isObject(out.metadata) && 'managedFields' in out.metadata) {
    const { managedFields: _m, ...meta } = out.metadata;
    out.metadata = meta;
  }
  if (Array.isArray(out.items)) out.items = out.items.map(withoutManagedFields);
  return out;
}

/** reason and message of a meta/v1 Status body */
export function failureOf(body: unknown): { reason?: string; message?: string } | undefined {
  if (!isObject(body) || body.kind !== 'Status') return undefined;
  return {
    ...(typeof body.reason === 'string' && body.reason !== '' ? { reason: body.reason } : {}),
    ...(typeof body.message === 'string' && body.message !== '' ? { message: body.message } : {}),
  };
}

/** name/namespace/uid/resourceVersion of the single object a response returned */
export function objectRefFields(
  body: unknown,
): Pick<AuditObjectRef, 'name' | 'namespace' | 'uid' | 'resourceVersion'> | undefined {
  if (!isObject(body) || body.kind === 'Status' || !isObject(body.metadata) || Array.isArray(body.items))
    return undefined;
  const m = body.metadata;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const name = str(m.name);
  const namespace = str(m.namespace);
  const uid = str(m.uid);
  const resourceVersion = str(m.resourceVersion);
  return {
    ...(name !== undefined ? { name } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(uid !== undefined ? { uid } : {}),
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
  };
}
