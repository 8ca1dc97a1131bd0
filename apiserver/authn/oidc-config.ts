/**
 * The trusted external OIDC issuers, read from a YAML (or JSON) file for --oidc-config:
 *
 *   issuers:
 *   - issuerUrl: https://idp.example.com          # must equal the tokens' `iss`
 *     jwksUrl: https://idp.example.com/jwks       # where the signing keys are fetched
 *     audiences: [orgplane]                       # optional `aud` check (client IDs)
 *     usernameClaim: email                        # default sub
 *     usernamePrefix: "idp:"                      # default "<issuerUrl>#" unless email; "-" none
 *     groupsClaim: groups                         # optional
 *     groupsPrefix: "idp:"                        # optional
 *     organizationClaim: urn:zitadel:iam:org:id   # optional: SSO membership (Organization spec.sso)
 *
 * Every problem is reported at once, one line per bad field.
 */
import { isObject } from '../../api/json.js';
import { readFile } from 'node:fs/promises';
import { load } from 'js-yaml';
import type { OidcIssuerConfig } from './oidc.js';

const STRING_FIELDS = [
  'usernameClaim',
  'usernamePrefix',
  'groupsClaim',
  'groupsPrefix',
  'organizationClaim',
] as const;
const KNOWN = new Set(['issuerUrl', 'jwksUrl', 'audiences', 'algorithms', ...STRING_FIELDS]);

function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

const stringList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '');

function checkIssuer(raw: unknown, at: string, problems: string[]): OidcIssuerConfig | undefined {
  if (!isObject(raw)) {
    problems.push(`${at}: must be a mapping`);
    return undefined;
  }
  const before = problems.length;
  for (const k of Object.keys(raw)) if (!KNOWN.has(k)) problems.push(`${at}.${k}: unknown field`);
  if (!isHttpUrl(raw.issuerUrl)) problems.push(`${at}.issuerUrl: must be an http(s) URL`);
  if (!isHttpUrl(raw.jwksUrl)) problems.push(`${at}.jwksUrl: must be an http(s) URL`);
  for (const k of ['audiences', 'algorithms'] as const)
    if (raw[k] !== undefined && !stringList(raw[k])) problems.push(`${at}.${k}: must be a list of strings`);
  for (const k of STRING_FIELDS)
    if (raw[k] !== undefined && typeof raw[k] !== 'string') problems.push(`${at}.${k}: must be a string`);
  return problems.length === before ? (raw as unknown as OidcIssuerConfig) : undefined;
}

/** Parse the file's text; throws one Error naming every bad field. */
export function parseOidcConfig(text: string, source = 'oidc config'): OidcIssuerConfig[] {
  let doc: unknown;
  try {
    doc = load(text, { json: true });
  } catch (err) {
    throw new Error(
      `${source}: not valid YAML: ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : ''}`,
    );
  }
  const list = isObject(doc) ? doc.issuers : undefined;
  if (!Array.isArray(list)) throw new Error(`${source}: expected a mapping with an "issuers" list`);
  const problems: string[] = [];
  const out = list.map((raw, i) => checkIssuer(raw, `issuers[${i}]`, problems));
  const issuers = out.filter((c): c is OidcIssuerConfig => c !== undefined).map((c) => c.issuerUrl);
  if (new Set(issuers).size !== issuers.length) problems.push('issuers: an issuerUrl is listed twice');
  if (problems.length > 0) throw new Error(`${source}: ${problems.join('; ')}`);
  return out.filter((c): c is OidcIssuerConfig => c !== undefined);
}

export async function loadOidcConfig(path: string): Promise<OidcIssuerConfig[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(`cannot read --oidc-config ${path}`);
  }
  return parseOidcConfig(text, path);
}
