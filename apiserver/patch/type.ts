/** PATCH Content-Type → patch type, and kube's 415 for the ones a resource does not accept. */
import { PatchError } from './errors.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

const BY_MEDIA_TYPE: ReadonlyMap<string, PatchType> = new Map(
  Object.entries(PATCH_CONTENT_TYPES).map(([type, media]) => [media, type as PatchType]),
);

/** The patch types a resource accepts, in kube's order: custom kinds json, merge, apply; built-ins also strategic. */
export function acceptedPatchTypes(strategicMergePatch: boolean): PatchType[] {
  return ['json', 'merge', 'apply', ...(strategicMergePatch ? (['strategic'] as const) : [])];
}

const mediaOf = (contentType: string | undefined): string =>
  contentType?.split(';')[0]?.trim().toLowerCase() ?? '';

/** The patch type of a Content-Type header (parameters such as charset ignored), else undefined. */
export function parsePatchType(contentType: string | undefined): PatchType | undefined {
  return BY_MEDIA_TYPE.get(mediaOf(contentType));
}

/**
 * The 415 kube answers when the Content-Type is not one the resource accepts; the refused
 * Content-Type, when given, is the Status's cause.
 */
export function unsupportedPatchType(accepted: readonly PatchType[], contentType = ''): PatchError {
  const list = accepted.map((t) => PATCH_CONTENT_TYPES[t]).join(', ');
  return new PatchError(
    415,
    `the body of the request was in an unknown format - accepted media types include: ${list}`,
    contentType ? { causes: [{ reason: 'UnexpectedServerResponse', message: contentType }] } : undefined,
  );
}

/** The patch type of a PATCH request's Content-Type, or kube's 415 when the resource does not accept it. */
export function patchTypeFor(contentType: string | undefined, strategicMergePatch: boolean): PatchType {
  const media = mediaOf(contentType);
  const type = BY_MEDIA_TYPE.get(media);
  const accepted = acceptedPatchTypes(strategicMergePatch);
  if (type === undefined || !accepted.includes(type)) throw unsupportedPatchType(accepted, media);
  return type;
}
