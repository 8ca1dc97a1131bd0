/**
 * RFC 7386 JSON merge patch: objects merge recursively, null deletes a member, anything else
 * (arrays included) replaces. Never mutates its inputs; the result shares nothing with them.
 */
import { checkDepth, cloneJson } from './json.js';
import { deleteOwn, getOwn, isObject, setOwn } from '../../api/json.js';

function mergeInto(target: unknown, patch: unknown, depth: number): unknown {
  checkDepth(depth);
  if (!isObject(patch)) return cloneJson(patch, depth);
  const out = isObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) deleteOwn(out, key);
    else setOwn(out, key, mergeInto(getOwn(out, key), value, depth + 1));
  }
  return out;
}

/** MergePatch(target, patch) of RFC 7386. Throws only PatchError (documents nested too deeply). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  return mergeInto(cloneJson(target), patch, 0);
}
