/** Plain-text renderings of the reviews' answers: quota bars, access per namespace, who-can rows. */
import type { AccessReviewStatus, Permission, Via, WhoCanReviewStatus } from '../../api/accessreview.js';
import type { QuotaReviewStatus } from '../../api/quotareview.js';

const BAR = 20;

/** `[#########-----------]  45/100  45 %`; a limit of 0 reads as full. */
export function usageBar(used: number, limit: number): string {
  const ratio = limit > 0 ? used / limit : 1;
  const filled = Math.min(BAR, Math.max(0, Math.round(ratio * BAR)));
  const percent = Math.round(ratio * 100);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}]  ${String(used)}/${String(limit)}  ${String(percent)} %`;
}

/** One line per resource: its bar under the tightest quota, or "unlimited". */
export function renderQuota(rows: readonly { resource: string; status: QuotaReviewStatus }[]): string {
  const width = Math.max(0, ...rows.map((r) => r.resource.length));
  return rows
    .map(({ resource, status }) => {
      const name = resource.padEnd(width);
      if (status.limit === undefined) return `${name}  unlimited (${String(status.used)} used)`;
      const team = status.quotas.find(
        (q) => q.scope === 'Team' && q.limit === status.limit && q.used === status.used,
      );
      return `${name}  ${usageBar(status.used, status.limit)}${team ? `  (team ${team.name})` : ''}`;
    })
    .join('\n');
}

/** `RoleBinding acme/devs -> ClusterRole developer, via group devs, inherited from acme`. */
export function describeVia(via: Via): string {
  if (via.kind === 'OrganizationMembership')
    return via.binding === undefined
      ? 'member of the organization'
      : `member of the organization (RoleBinding ${via.namespace ?? ''}/${via.binding})`;
  const binding =
    via.kind === 'RoleBinding' ? `${via.namespace ?? ''}/${via.binding ?? ''}` : (via.binding ?? '');
  const parts = [`${via.kind} ${binding} -> ${via.roleKind ?? ''} ${via.role ?? ''}`];
  if (via.group !== undefined) parts.push(`via group ${via.group}`);
  if (via.inheritedFrom !== undefined) parts.push(`inherited from ${via.inheritedFrom}`);
  return parts.join(', ');
}

const resourceName = (p: Permission): string => (p.group === '' ? p.resource : `${p.resource}.${p.group}`);

function table(rows: readonly string[][], indent: string): string[] {
  const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  return rows.map(
    (r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  '),
  );
}

function permissionLines(ps: readonly Permission[], indent: string): string[] {
  const rows = ps.flatMap((p) =>
    p.grants.map((g) => [
      resourceName(p),
      g.verbs.join(',') + (g.resourceNames ? ` [${g.resourceNames.join(',')}]` : ''),
      describeVia(g.via),
    ]),
  );
  return table(rows, indent);
}

export function renderAccess(user: string, s: AccessReviewStatus): string {
  const out: string[] = [`User ${user}`];
  if (s.organizations.length === 0) out.push('acts in no organization');
  for (const org of s.organizations) {
    out.push(`organization ${org.name}`);
    for (const ns of org.namespaces) {
      out.push(`  namespace ${ns.namespace}`);
      out.push(...permissionLines(ns.permissions, '    '));
    }
  }
  if (s.clusterWide.length > 0) {
    out.push('cluster-wide (every namespace)');
    out.push(...permissionLines(s.clusterWide, '  '));
  }
  if (s.evaluationError !== undefined) out.push(`warning: ${s.evaluationError}`);
  return out.join('\n');
}

export function renderWhoCan(s: WhoCanReviewStatus): string {
  if (s.subjects.length === 0) return 'no subject may do this';
  const rows = s.subjects.map((x) => [
    x.kind,
    x.kind === 'ServiceAccount' ? `${x.namespace ?? ''}/${x.name}` : x.name,
    describeVia(x.via),
  ]);
  const out = table([['KIND', 'NAME', 'VIA'], ...rows], '');
  if (s.evaluationError !== undefined) out.push(`warning: ${s.evaluationError}`);
  return out.join('\n');
}
