/**
 * The set of served resources: built-ins plus every established CRD. Lookups by
 * group/version/resource (URLs) and by group/version/kind (bodies); listeners hear every change so
 * discovery and OpenAPI caches can be rebuilt.
 */
import type { ResourceInfo } from '../../api/resource.js';

const gvr = (group: string, version: string, plural: string): string => `${group}/${version}/${plural}`;
const gvk = (group: string, version: string, kind: string): string => `${group}/${version}#${kind}`;

export class ResourceCatalog {
  private readonly owners = new Map<string, readonly ResourceInfo[]>();
  private byResource = new Map<string, ResourceInfo>();
  private byKind = new Map<string, ResourceInfo>();
  private readonly listeners: (() => void)[] = [];
  /** bumped on every change; caches key on it */
  generation = 0;

  /** Replace the resources contributed by one owner (a CRD name, or 'builtin'). */
  set(owner: string, resources: readonly ResourceInfo[]): void {
    this.owners.set(owner, resources);
    this.rebuild();
  }

  remove(owner: string): void {
    if (this.owners.delete(owner)) this.rebuild();
  }

  lookup(group: string, version: string, plural: string): ResourceInfo | undefined {
    return this.byResource.get(gvr(group, version, plural));
  }

  lookupKind(group: string, version: string, kind: string): ResourceInfo | undefined {
    return this.byKind.get(gvk(group, version, kind));
  }

  /** Any served version of group/plural (storage is shared by all versions of a resource). */
  lookupResource(group: string, plural: string): ResourceInfo | undefined {
    for (const r of this.byResource.values())
      if (r.group === group && r.plural === plural && !r.virtual) return r;
    return undefined;
  }

  /** One ResourceInfo per stored resource (first served version), virtual kinds excluded. */
  storedResources(): ResourceInfo[] {
    const seen = new Map<string, ResourceInfo>();
    for (const r of this.byResource.values()) {
      const k = `${r.group}/${r.plural}`;
      if (!r.virtual && !seen.has(k)) seen.set(k, r);
    }
    return [...seen.values()];
  }

  all(): ResourceInfo[] {
    return [...this.byResource.values()];
  }

  /** Calls listener after every change; returns what stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  private rebuild(): void {
    const byResource = new Map<string, ResourceInfo>();
    const byKind = new Map<string, ResourceInfo>();
    for (const list of this.owners.values()) {
      for (const r of list) {
        byResource.set(gvr(r.group, r.version, r.plural), r);
        byKind.set(gvk(r.group, r.version, r.kind), r);
      }
    }
    this.byResource = byResource;
    this.byKind = byKind;
    this.generation++;
    for (const l of [...this.listeners]) l();
  }
}
