/**
 * kubectl's move from client-side to server-side apply, as kube-apiserver supports it for the
 * manager "kubectl" only: an apply conflict is allowed (forced) when the field is in the
 * last-applied-configuration annotation with the value the live object still has; and after a
 * successful apply an existing annotation is rewritten to the applied configuration, so a later
 * client-side apply still sees what was applied.
 */
import type { KubeObject } from '../../api/meta.js';
import { LAST_APPLIED, REDACTED } from '../../api/redact.js';
import { compare } from './compare.js';
import { difference, type FieldSet } from './fieldset.js';
import { exceedsDepth, goJSON } from './json.js';
import { getOwn, isObject, type JsonObject } from '../../api/json.js';
import type { TypeRef } from './schema.js';
import { trackedView, type Scope } from './scope.js';
import { toFieldSet } from './tofieldset.js';

export { LAST_APPLIED };
export const KUBECTL_MANAGER = 'kubectl';
/** apimachinery's TotalAnnotationSizeLimitB */
const ANNOTATIONS_LIMIT = 256 * 1024;

function annotationsOf(obj: JsonObject): JsonObject | undefined {
  const meta = getOwn(obj, 'metadata');
  const ann = isObject(meta) ? getOwn(meta, 'annotations') : undefined;
  return isObject(ann) ? ann : undefined;
}

function lastAppliedText(obj: JsonObject): string | undefined {
  const ann = annotationsOf(obj);
  const v = ann ? getOwn(ann, LAST_APPLIED) : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * A Secret's annotation keeps its keys, not its values (kinds/secret.ts): a redacted data value
 * counts as the live one, so a move to server-side apply takes over data as it does in kube.
 */
function withLiveSecretValues(last: JsonObject, live: KubeObject): JsonObject {
  const data = getOwn(last, 'data');
  const liveData = getOwn(live, 'data');
  if (live.kind !== 'Secret' || !isObject(data) || !isObject(liveData)) return last;
  const restored: JsonObject = {};
  for (const [k, v] of Object.entries(data))
    restored[k] = v === REDACTED && Object.hasOwn(liveData, k) ? liveData[k] : v;
  return { ...last, data: restored };
}

/**
 * The fields kubectl's client-side apply demonstrably set: those of the annotation whose value
 * the live object still has. undefined when there is no usable annotation.
 */
export function lastAppliedFields(
  live: KubeObject,
  ref: TypeRef,
  scope: Scope,
  apiVersion: string,
): FieldSet | undefined {
  const text = lastAppliedText(live);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || exceedsDepth(parsed) || getOwn(parsed, 'apiVersion') !== apiVersion)
    return undefined;
  const last = trackedView(withLiveSecretValues(parsed, live), scope);
  const cmp = compare(last, trackedView(live, scope), ref);
  const set = toFieldSet(last, ref).set;
  return difference(difference(difference(set, cmp.modified), cmp.added), cmp.removed);
}

function annotationsSize(ann: JsonObject): number {
  let n = 0;
  for (const [k, v] of Object.entries(ann)) n += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  return n;
}

/** The annotation text kube writes for an applied configuration (Go JSON, trailing newline). */
export function lastAppliedValue(applied: JsonObject): string {
  const meta = getOwn(applied, 'metadata');
  if (!isObject(meta)) return `${goJSON(applied)}\n`;
  const ann = getOwn(meta, 'annotations');
  if (!isObject(ann)) return `${goJSON(applied)}\n`;
  const { [LAST_APPLIED]: _drop, ...rest } = ann;
  return `${goJSON({ ...applied, metadata: { ...meta, annotations: rest } })}\n`;
}

/** `obj` with its existing last-applied annotation set to `applied` (dropped if too large). */
export function syncLastApplied(obj: JsonObject, applied: JsonObject): JsonObject {
  if (lastAppliedText(obj) === undefined) return obj;
  const meta = getOwn(obj, 'metadata') as JsonObject;
  const { [LAST_APPLIED]: _old, ...others } = annotationsOf(obj) ?? {};
  const ann: JsonObject = { ...others, [LAST_APPLIED]: lastAppliedValue(applied) };
  return {
    ...obj,
    metadata: { ...meta, annotations: annotationsSize(ann) > ANNOTATIONS_LIMIT ? others : ann },
  };
}
