/** Object helpers of the in-memory fake API: Status errors, main-resource writes, label selectors. */
import type { KubeObject, Status } from '../../api/meta.js';
import { ApiStatusError } from '../runtime/errors.js';

export function status(
  code: number,
  reason: Status['reason'],
  message: string,
  kind?: string,
): ApiStatusError {
  return new ApiStatusError(code, message, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    ...(reason ? { reason } : {}),
    details: kind ? { kind } : {},
    code,
  });
}

/** A main-resource write: everything but status from body; metadata only where users may set it. */
export function withBody(current: KubeObject, body: KubeObject): KubeObject {
  const metadata = structuredClone(current.metadata);
  for (const field of ['labels', 'annotations', 'finalizers', 'ownerReferences'] as const) {
    if (body.metadata[field] === undefined) Reflect.deleteProperty(metadata, field);
    else Object.assign(metadata, { [field]: body.metadata[field] });
  }
  const rest = Object.entries(body).filter(([k]) => k !== 'metadata' && k !== 'status');
  const next: KubeObject = {
    ...Object.fromEntries(rest),
    apiVersion: current.apiVersion,
    kind: current.kind,
    metadata,
    ...(current.status !== undefined ? { status: structuredClone(current.status) } : {}),
  };
  if (JSON.stringify(current.spec) !== JSON.stringify(next.spec))
    next.metadata.generation = (current.metadata.generation ?? 1) + 1;
  return structuredClone(next);
}

export function matchesLabels(obj: KubeObject, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [k = '', v] = term.split('=');
    return obj.metadata.labels?.[k] === v;
  });
}
