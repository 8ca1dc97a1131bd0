/**
 * SSO membership (DESIGN.md "SSO membership"): every Organization's spec.sso, kept current from
 * Organization events, indexed by organization id and email domain. A caller whose token (through
 * UserInfo.extra, set by the OIDC authenticator only) names one of an organization's ids, or whose
 * verified email ends in one of its domains, holds spec.sso.role (default viewer) in that
 * organization's namespace, as an inheriting RoleBinding would grant it: nothing is written, and
 * it lasts as long as the token says so.
 */
import { KeyedIndex } from './keyed-index.js';
import { objectOr } from '../../api/json.js';
import { SSO_ORGANIZATIONS_EXTRA, SSO_VERIFIED_EMAIL_EXTRA } from '../../api/sso.js';
import type { UserInfo } from '../../api/user.js';
import { resourcePrefix } from '../registry/keys.js';
import type { BindingEntry } from './rbac-objects.js';

export const ORGANIZATIONS_PREFIX = resourcePrefix({ group: 'orgplane.io', plural: 'organizations' });
const RBAC = 'rbac.authorization.k8s.io';

interface SsoSpec {
  readonly ids: readonly string[];
  readonly domains: readonly string[];
  readonly role: string;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];

function add(m: Map<string, Set<string>>, k: string, org: string): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(org);
}

export class SsoIndex extends KeyedIndex {
  private readonly specs = new Map<string, SsoSpec>();
  private readonly byId = new Map<string, Set<string>>();
  private readonly byDomain = new Map<string, Set<string>>();

  protected clear(): void {
    this.specs.clear();
    this.byId.clear();
    this.byDomain.clear();
  }

  protected drop(key: string): void {
    this.remove(key.slice(ORGANIZATIONS_PREFIX.length));
  }

  protected put(key: string, value: string): void {
    if (!key.startsWith(ORGANIZATIONS_PREFIX)) return;
    const org = key.slice(ORGANIZATIONS_PREFIX.length);
    this.remove(org);
    let sso: Record<string, unknown> = {};
    try {
      sso = objectOr(objectOr(objectOr(JSON.parse(value)).spec).sso);
    } catch {
      return;
    }
    const ids = strings(sso.organizationIds);
    const domains = strings(sso.emailDomains).map((d) => d.toLowerCase());
    if (ids.length === 0 && domains.length === 0) return;
    const role = typeof sso.role === 'string' && sso.role !== '' ? sso.role : 'viewer';
    this.specs.set(org, { ids, domains, role });
    for (const id of ids) add(this.byId, id, org);
    for (const d of domains) add(this.byDomain, d, org);
  }

  private remove(org: string): void {
    const old = this.specs.get(org);
    if (!old) return;
    this.specs.delete(org);
    for (const id of old.ids) this.byId.get(id)?.delete(org);
    for (const d of old.domains) this.byDomain.get(d)?.delete(org);
  }

  /** The organizations the caller's token makes it a member of. */
  organizationsOf(user: UserInfo): Set<string> {
    const out = new Set<string>();
    for (const id of user.extra?.[SSO_ORGANIZATIONS_EXTRA] ?? [])
      for (const org of this.byId.get(id) ?? []) out.add(org);
    for (const email of user.extra?.[SSO_VERIFIED_EMAIL_EXTRA] ?? []) {
      const domain = email.slice(email.lastIndexOf('@') + 1);
      for (const org of this.byDomain.get(domain) ?? []) out.add(org);
    }
    return out;
  }

  /** The binding SSO membership stands for: spec.sso.role to the caller in the organization's namespace. */
  bindingFor(user: UserInfo, org: string): BindingEntry | undefined {
    const spec = this.specs.get(org);
    if (!spec || !this.organizationsOf(user).has(org)) return undefined;
    return {
      kind: 'RoleBinding',
      namespace: org,
      name: 'sso-membership',
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: spec.role },
      subjects: [{ apiGroup: RBAC, kind: 'User', name: user.username }],
      inherit: true,
    };
  }
}
