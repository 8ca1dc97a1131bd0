/**
 * kube's EncryptionConfiguration (apiserver.config.k8s.io/v1), as read from
 * --encryption-provider-config:
 *
 *   apiVersion: apiserver.config.k8s.io/v1
 *   kind: EncryptionConfiguration
 *   resources:
 *   - resources: [secrets]
 *     providers:                       # the first writes, every one reads
 *     - aesgcm: {keys: [{name: key2, secret: <base64 of 16, 24 or 32 bytes>}, {name: key1, ...}]}
 *     - secretbox: {keys: [{name: key0, secret: <base64 of 32 bytes>}]}
 *     - identity: {}
 *
 * Only Secrets are encrypted, so every entry must list `secrets` only. Every problem is reported
 * at once, each naming its field; key material never appears in a message.
 */
import { load } from 'js-yaml';
import { isObject } from '../../../api/json.js';

export const API_VERSION = 'apiserver.config.k8s.io/v1';
export const KIND = 'EncryptionConfiguration';

export interface AesKey {
  readonly name: string;
  readonly secret: Buffer;
}

export type ProviderConfig =
  { readonly type: 'aesgcm' | 'secretbox'; readonly keys: readonly AesKey[] } | { readonly type: 'identity' };

const KNOWN_PROVIDERS = ['aesgcm', 'secretbox', 'identity'];
const AES_SIZES = new Set([16, 24, 32]);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 (padded, no whitespace); undefined when the text is not. */
function base64(text: unknown): Buffer | undefined {
  if (typeof text !== 'string' || text === '' || !BASE64.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

function checkKeys(raw: unknown, at: string, sizes: ReadonlySet<number>, problems: string[]): AesKey[] {
  if (!isObject(raw) || !Array.isArray(raw.keys) || raw.keys.length === 0) {
    problems.push(`${at}.keys: must be a non-empty list`);
    return [];
  }
  const keys: AesKey[] = [];
  raw.keys.forEach((k: unknown, i) => {
    const here = `${at}.keys[${i}]`;
    if (!isObject(k)) {
      problems.push(`${here}: must be a mapping with name and secret`);
      return;
    }
    if (typeof k.name !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(k.name))
      problems.push(`${here}.name: must be 1-64 letters, digits, '.', '_' or '-'`);
    else if (keys.some((x) => x.name === k.name)) problems.push(`${here}.name: "${k.name}" is listed twice`);
    const secret = base64(k.secret);
    const sizeText = [...sizes].join(', ').replace(/, (\d+)$/, ' or $1');
    if (secret === undefined) problems.push(`${here}.secret: must be base64`);
    else if (!sizes.has(secret.length)) problems.push(`${here}.secret: must be ${sizeText} bytes`);
    if (typeof k.name === 'string' && secret !== undefined) keys.push({ name: k.name, secret });
  });
  return keys;
}

function checkProvider(raw: unknown, at: string, problems: string[]): ProviderConfig | undefined {
  const names = isObject(raw) ? Object.keys(raw) : [];
  if (!isObject(raw) || names.length !== 1) {
    problems.push(`${at}: must name exactly one provider (${KNOWN_PROVIDERS.join(', ')})`);
    return undefined;
  }
  const [type] = names as [string];
  const at2 = `${at}.${type}`;
  const before = problems.length;
  switch (type) {
    case 'aesgcm': {
      const keys = checkKeys(raw.aesgcm, at2, AES_SIZES, problems);
      return problems.length === before ? { type, keys } : undefined;
    }
    case 'secretbox': {
      const keys = checkKeys(raw.secretbox, at2, new Set([32]), problems);
      return problems.length === before ? { type, keys } : undefined;
    }
    case 'identity':
      if (raw.identity !== null && !(isObject(raw.identity) && Object.keys(raw.identity).length === 0))
        problems.push(`${at2}: takes no settings ({})`);
      return problems.length === before ? { type } : undefined;
    default:
      problems.push(`${at}: unknown provider "${type}" (one of ${KNOWN_PROVIDERS.join(', ')})`);
      return undefined;
  }
}

function checkEntry(raw: unknown, at: string, problems: string[]): ProviderConfig[] {
  if (!isObject(raw)) {
    problems.push(`${at}: must be a mapping`);
    return [];
  }
  if (!Array.isArray(raw.resources) || raw.resources.length === 0)
    problems.push(`${at}.resources: must be a non-empty list`);
  else
    raw.resources.forEach((r: unknown, i) => {
      if (r !== 'secrets')
        problems.push(`${at}.resources[${i}]: only "secrets" are encrypted, not ${JSON.stringify(r)}`);
    });
  if (!Array.isArray(raw.providers) || raw.providers.length === 0) {
    problems.push(`${at}.providers: must be a non-empty list`);
    return [];
  }
  const out = raw.providers.map((p: unknown, i) => checkProvider(p, `${at}.providers[${i}]`, problems));
  return out.filter((p): p is ProviderConfig => p !== undefined);
}

/** The providers for Secrets, first one writing; throws one Error naming every bad field. */
export function parseEncryptionConfig(text: string, source: string): ProviderConfig[] {
  let doc: unknown;
  try {
    doc = load(text, { json: true });
  } catch (err) {
    throw new Error(
      `${source}: not valid YAML: ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : ''}`,
    );
  }
  if (!isObject(doc)) throw new Error(`${source}: expected a mapping (kind: ${KIND})`);
  const problems: string[] = [];
  if (doc.apiVersion !== API_VERSION) problems.push(`apiVersion: must be ${API_VERSION}`);
  if (doc.kind !== KIND) problems.push(`kind: must be ${KIND}`);
  let providers: ProviderConfig[] = [];
  if (!Array.isArray(doc.resources) || doc.resources.length === 0)
    problems.push('resources: must be a non-empty list');
  else
    doc.resources.forEach((entry: unknown, i) => {
      const found = checkEntry(entry, `resources[${i}]`, problems);
      if (i === 0) providers = found;
      else problems.push(`resources[${i}]: secrets are already configured by resources[0]`);
    });
  if (problems.length > 0) throw new Error(`${source}: ${problems.join('; ')}`);
  return providers;
}
