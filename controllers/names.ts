/** Finalizers, annotations and labels the orgplane controllers write and honour. */

/** On every Organization: ordered teardown (agents, role bindings, billing, namespace) before it goes. */
export const TEARDOWN_FINALIZER = 'orgplane.io/teardown';
/** The billing controller's finalizer: teardown waits for it to be removed before deleting the namespace. */
export const BILLING_FINALIZER = 'orgplane.io/billing';
/** On an Agent the quota controller suspended (over quota); the agent controller honours it. */
export const QUOTA_SUSPENDED_ANNOTATION = 'orgplane.io/quota-suspended';
export { ORGANIZATION_LABEL } from '../api/organization.js';
/** source.component of the Events the controllers record. */
export const COMPONENT = 'orgplane-controllers';
/** On every Team: its subtree and namespace are deleted, deepest first, before it goes. */
export const TEAM_FINALIZER = 'orgplane.io/team';
/** The RoleBinding that binds org-admin to an Organization's spec.admins. */
export const ADMINS_BINDING = 'organization-admins';

/** Where Events about a cluster-scoped object belong: an Organization's own namespace (its name). */
export function organizationNamespace(involved: {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}): string | undefined {
  return involved.kind === 'Organization' && involved.apiVersion.startsWith('orgplane.io/')
    ? involved.name
    : undefined;
}
