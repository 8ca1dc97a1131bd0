/**
 * The members of every organization's Group objects, kept current from their storage events: which
 * groups of an organization a user belongs to. A Group lives in its organization's namespace, so
 * that namespace names the organization.
 */
import { KeyedIndex } from './keyed-index.js';
import { objectOr } from '../../api/json.js';
import { GROUP as ORGPLANE } from '../../api/group.js';
import { resourcePrefix } from '../registry/keys.js';

export const GROUPS_PREFIX = resourcePrefix({ group: ORGPLANE, plural: 'groups' });

const NONE: readonly string[] = [];

export class GroupMembers extends KeyedIndex {
  /** "<org>/<group>" → members */
  private readonly groups = new Map<string, readonly string[]>();
  /** user → org → group names */
  private readonly byUser = new Map<string, Map<string, Set<string>>>();

  protected clear(): void {
    this.groups.clear();
    this.byUser.clear();
  }

  protected drop(key: string): void {
    this.remove(key);
  }

  private static parse(key: string): { org: string; name: string } | undefined {
    if (!key.startsWith(GROUPS_PREFIX)) return undefined;
    const [org, name, ...rest] = key.slice(GROUPS_PREFIX.length).split('/');
    return org && name && rest.length === 0 ? { org, name } : undefined;
  }

  protected put(key: string, value: string): void {
    const where = GroupMembers.parse(key);
    if (!where) return;
    this.remove(key);
    let members: string[] = [];
    try {
      const spec = objectOr(objectOr(JSON.parse(value)).spec);
      members = Array.isArray(spec.members)
        ? spec.members.filter((m): m is string => typeof m === 'string' && m !== '')
        : [];
    } catch {
      // a malformed group has no members
    }
    this.groups.set(`${where.org}/${where.name}`, members);
    for (const u of members) {
      let orgs = this.byUser.get(u);
      if (!orgs) this.byUser.set(u, (orgs = new Map<string, Set<string>>()));
      let names = orgs.get(where.org);
      if (!names) orgs.set(where.org, (names = new Set<string>()));
      names.add(where.name);
    }
  }

  private remove(key: string): void {
    const where = GroupMembers.parse(key);
    if (!where) return;
    const id = `${where.org}/${where.name}`;
    const members = this.groups.get(id);
    if (!members) return;
    this.groups.delete(id);
    for (const u of members) {
      const orgs = this.byUser.get(u);
      const names = orgs?.get(where.org);
      names?.delete(where.name);
      if (names?.size === 0) orgs?.delete(where.org);
      if (orgs?.size === 0) this.byUser.delete(u);
    }
  }

  /** The groups of `org` that list `user`. */
  groupsOf(user: string, org: string): readonly string[] {
    const names = this.byUser.get(user)?.get(org);
    return names ? [...names] : NONE;
  }

  /** Every group name, of any organization, that lists `user`. */
  allGroupsOf(user: string): readonly string[] {
    const orgs = this.byUser.get(user);
    if (!orgs) return NONE;
    const out = new Set<string>();
    for (const names of orgs.values()) for (const n of names) out.add(n);
    return [...out];
  }

  /** The members of one group (empty when absent). */
  membersOf(org: string, name: string): readonly string[] {
    return this.groups.get(`${org}/${name}`) ?? NONE;
  }
}
