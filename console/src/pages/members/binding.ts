/**
 * A member binding as the Members form makes it: one RoleBinding granting one ClusterRole (or a
 * Role of the namespace) to one subject, and the server's field errors sorted to the form's fields.
 */
import type { StatusCause } from '../../api/types';
import type { RoleBinding } from './types';

/** The tenant ClusterRoles the server bootstraps (DESIGN.md "Identity and access"). */
export const TENANT_ROLES = ['org-admin', 'developer', 'deployer', 'viewer'] as const;
export const SUBJECT_KINDS = ['User', 'Group', 'ServiceAccount'] as const;

export interface BindingForm {
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  /** "ClusterRole/<name>" or "Role/<name>" */
  readonly role: string;
}

export type FormField = 'namespace' | 'kind' | 'name' | 'role';

const RBAC = 'rbac.authorization.k8s.io';

/** A DNS label from free text: lowercase, [a-z0-9-], at most 63 characters. */
export function dnsPart(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s === '' ? 'x' : s;
}

export function bindingFromForm(f: BindingForm): RoleBinding {
  const [roleKind = 'ClusterRole', roleName = ''] = f.role.split('/');
  const sa = f.kind === 'ServiceAccount';
  const [saNamespace, saName] = f.name.includes(':') ? f.name.split(':', 2) : [f.namespace, f.name];
  const subject = sa
    ? { kind: f.kind, name: saName ?? '', namespace: saNamespace ?? f.namespace }
    : { kind: f.kind, apiGroup: RBAC, name: f.name };
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: {
      name: `${dnsPart(roleName)}-${dnsPart(f.kind)}-${dnsPart(f.name)}`.slice(0, 253),
      namespace: f.namespace,
    },
    roleRef: { apiGroup: RBAC, kind: roleKind, name: roleName },
    subjects: [subject],
  };
}

/** The form field a Status cause is about, or undefined (then it is shown with the form). */
export function fieldOf(cause: StatusCause): FormField | undefined {
  const f = cause.field ?? '';
  if (f.startsWith('roleRef')) return 'role';
  if (f.startsWith('subjects')) return f.endsWith('.kind') ? 'kind' : 'name';
  if (f === 'metadata.namespace') return 'namespace';
  return undefined;
}

/** Field → the messages of its causes. */
export function fieldErrors(causes: readonly StatusCause[]): Partial<Record<FormField, string>> {
  const out: Partial<Record<FormField, string>> = {};
  for (const c of causes) {
    const field = fieldOf(c);
    if (field === undefined) continue;
    const msg = c.message ?? c.reason ?? 'invalid';
    out[field] = out[field] !== undefined ? `${out[field]}; ${msg}` : msg;
  }
  return out;
}
