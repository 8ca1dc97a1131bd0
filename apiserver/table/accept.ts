/**
 * Output negotiation for resource requests: does the client want the object(s) as stored, a
 * meta.k8s.io Table, or PartialObjectMetadata(List)? Also parses the includeObject parameter.
 */
import { isJSONRange, parseAccept } from '../discovery/media-type.js';
import type { IncludeObjectPolicy, MetaVersion } from './types.js';

export type OutputTarget =
  | { readonly kind: 'Object' }
  | {
      readonly kind: 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList';
      readonly version: MetaVersion;
    };

export interface Negotiated {
  readonly target: OutputTarget;
  /**
   * false when no range in the header is servable (only protobuf, or an unknown `as=`). Kube
   * answers 406 then; target is plain JSON so a lenient caller can still answer.
   */
  readonly acceptable: boolean;
}

const CONVERSIONS = new Set(['Table', 'PartialObjectMetadata', 'PartialObjectMetadataList']);

/**
 * The first servable range in preference order decides: kubectl's `get` sends
 * `application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json`.
 */
export function negotiateOutput(accept: string | undefined): Negotiated {
  for (const r of parseAccept(accept)) {
    if (!isJSONRange(r)) continue;
    const { as, g, v } = r.params;
    if (as === undefined) return { target: { kind: 'Object' }, acceptable: true };
    if (CONVERSIONS.has(as) && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) {
      const kind = as as 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList';
      return { target: { kind, version: v }, acceptable: true };
    }
  }
  return { target: { kind: 'Object' }, acceptable: false };
}

export type IncludeObjectResult = { readonly policy: IncludeObjectPolicy } | { readonly error: string };

/** The `includeObject` query parameter; absent or empty means Metadata. */
export function parseIncludeObject(value: string | undefined): IncludeObjectResult {
  if (value === undefined || value === '') return { policy: 'Metadata' };
  if (value === 'None' || value === 'Metadata' || value === 'Object') return { policy: value };
  return { error: `unrecognized includeObject value: ${JSON.stringify(value)}` };
}
