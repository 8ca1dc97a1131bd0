/**
 * Field manager names as kube-apiserver derives and checks them: the `fieldManager` query
 * parameter when given, else the User-Agent up to its first "/" (kubectl sends its own names:
 * kubectl-client-side-apply, kubectl-edit, kubectl-label, kubectl-create, ...).
 */

/** validation.FieldManagerMaxLength */
export const MAX_MANAGER_LENGTH = 128;

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;
const NON_PRINTABLE_ALL = new RegExp(NON_PRINTABLE.source, 'gu');

/** kube's ValidateFieldManager: undefined when valid, else the problem. */
export function managerProblem(name: string): string | undefined {
  if (Buffer.byteLength(name) > MAX_MANAGER_LENGTH) return `may not be more than ${MAX_MANAGER_LENGTH} bytes`;
  const bad = NON_PRINTABLE.exec(name);
  if (bad) return `invalid character ${JSON.stringify(bad[0])} (at position ${bad.index})`;
  return undefined;
}

/**
 * The manager of a non-apply write: `fieldManager` if set, else the User-Agent's prefix before
 * the first "/", without unprintable characters, cut to 128 bytes (kube's prefixFromUserAgent).
 */
export function managerOrUserAgent(fieldManager: string | undefined, userAgent: string | undefined): string {
  if (fieldManager !== undefined && fieldManager !== '') return fieldManager;
  const prefix = (userAgent ?? '').split('/')[0] ?? '';
  let out = '';
  for (const ch of prefix.replace(NON_PRINTABLE_ALL, '')) {
    if (Buffer.byteLength(out + ch) > MAX_MANAGER_LENGTH) break;
    out += ch;
  }
  return out;
}
