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

/** The patch type of a Content-Type header (parameters such as charset ignored), else undefined. */
export function parsePatchType(contentType: string | undefined): PatchType | undefined {
  const media = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return BY_MEDIA_TYPE.get(media);
}

/**
 * The 415 kube answers when the Content-Type is not one the resource accepts (custom resources
 * accept json, merge and apply; built-ins also strategic).
 */
export function unsupportedPatchType(accepted: readonly PatchType[]): PatchError {
  const list = accepted.map((t) => PATCH_CONTENT_TYPES[t]).join(', ');
  return new PatchError(
    415,
    `the body of the request was in an unknown format - accepted media types include: ${list}`,
  );
}
