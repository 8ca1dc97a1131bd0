/** The server's WhoCanReview (api/accessreview.ts): the question, and each answer's reason as text. */

export interface Via {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding' | 'OrganizationMembership';
  readonly binding?: string;
  readonly namespace?: string;
  readonly roleKind?: string;
  readonly role?: string;
  readonly group?: string;
  readonly inheritedFrom?: string;
}

export interface WhoCanSubject {
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  readonly name: string;
  readonly namespace?: string;
  readonly via: Via;
}

export interface WhoCanReview {
  readonly status?: { readonly subjects: readonly WhoCanSubject[]; readonly evaluationError?: string };
}

export const WHO_CAN_PATH = '/apis/orgplane.io/v1alpha1/whocanreviews';
export const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;

export function whoCanRequest(verb: string, resource: string, namespace: string): object {
  return {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'WhoCanReview',
    spec: { verb, resource: resource.trim(), namespace },
  };
}

/** "role org-admin, binding acme/admins, inherited from acme, via group ops". */
export function viaText(via: Via): string {
  if (via.kind === 'OrganizationMembership') return 'member of the organization';
  const role = via.role !== undefined ? `${via.roleKind === 'Role' ? 'Role' : 'role'} ${via.role}` : 'a role';
  const where =
    via.kind === 'ClusterRoleBinding'
      ? `cluster-wide binding ${via.binding ?? ''}`
      : `binding ${via.namespace ?? ''}/${via.binding ?? ''}`;
  const parts = [role, where];
  parts.push(via.inheritedFrom !== undefined ? `inherited from ${via.inheritedFrom}` : 'direct');
  if (via.group !== undefined) parts.push(`via group ${via.group}`);
  return parts.join(', ');
}
