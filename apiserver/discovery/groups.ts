/**
 * Grouping of served resources into API groups and versions, in the order discovery lists them:
 * groups in first-appearance order of the input, versions by kube's version priority (the
 * preferred version first), resources by plural name.
 */
import type { ResourceInfo } from '../../api/resource.js';

export interface VersionEntry {
  readonly version: string;
  readonly resources: readonly ResourceInfo[];
}

export interface GroupEntry {
  readonly group: string;
  readonly versions: readonly VersionEntry[];
}

const KUBE_VERSION = /^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$/;
const STABILITY = { '': 2, beta: 1, alpha: 0 } as const;

interface ParsedVersion {
  major: number;
  stability: number;
  minor: number;
}

function parseKubeVersion(v: string): ParsedVersion | undefined {
  const m = KUBE_VERSION.exec(v);
  if (!m) return undefined;
  const level = (m[2] ?? '') as keyof typeof STABILITY;
  return { major: Number(m[1]), stability: STABILITY[level], minor: Number(m[3] ?? 0) };
}

/**
 * kube's CompareKubeAwareVersionStrings: positive when `a` has the higher priority. GA versions
 * come first (v2 > v1), then betas, then alphas (each by major, then minor), then any other
 * string, in ascending lexical order.
 */
export function compareKubeVersions(a: string, b: string): number {
  const pa = parseKubeVersion(a);
  const pb = parseKubeVersion(b);
  if (!pa || !pb) {
    if (pa) return 1;
    if (pb) return -1;
    return a < b ? 1 : a > b ? -1 : 0;
  }
  if (pa.stability !== pb.stability) return pa.stability - pb.stability;
  if (pa.major !== pb.major) return pa.major - pb.major;
  return pa.minor - pb.minor;
}

/** Versions ordered preferred-first. */
export function sortVersions(versions: Iterable<string>): string[] {
  return [...versions].sort((a, b) => compareKubeVersions(b, a));
}

/** Groups the resources; a group's first version is its preferred version. */
export function groupResources(resources: readonly ResourceInfo[]): GroupEntry[] {
  const byGroup = new Map<string, Map<string, ResourceInfo[]>>();
  for (const r of resources) {
    let versions = byGroup.get(r.group);
    if (!versions) {
      versions = new Map();
      byGroup.set(r.group, versions);
    }
    const list = versions.get(r.version);
    if (list) list.push(r);
    else versions.set(r.version, [r]);
  }
  return [...byGroup].map(([group, versions]) => ({
    group,
    versions: sortVersions(versions.keys()).map((version) => ({
      version,
      resources: [...(versions.get(version) ?? [])].sort((a, b) => (a.plural < b.plural ? -1 : 1)),
    })),
  }));
}

/** Verbs a resource advertises: a virtual kind (never stored) only supports create. */
export function advertisedVerbs(r: ResourceInfo): string[] {
  return r.virtual ? ['create'] : [...new Set(r.verbs)].sort();
}

/** Verbs of the status subresource. */
export const STATUS_VERBS: readonly string[] = ['get', 'patch', 'update'];

/** Whether discovery lists a status subresource for the resource. */
export function hasStatus(r: ResourceInfo): boolean {
  return r.statusSubresource && !r.virtual;
}

/** A subresource served by a handler of its own rather than stored (organizations/activity). */
export interface ExtraSubresource {
  readonly subresource: string;
  readonly kind: string;
  readonly verbs: readonly string[];
}

/** The extra subresources of a resource, keyed "group/plural". */
export type ExtraSubresources = ReadonlyMap<string, readonly ExtraSubresource[]>;

export const NO_EXTRA_SUBRESOURCES: ExtraSubresources = new Map();

export const extraSubresourcesOf = (extra: ExtraSubresources, r: ResourceInfo): readonly ExtraSubresource[] =>
  extra.get(`${r.group}/${r.plural}`) ?? [];
