/**
 * Labels of the namespaces of an organization's tree (DESIGN.md "Inside an organization"): the
 * organization and team a namespace belongs to, and `<ns>.tree.orgplane.io/depth: "<n>"` for
 * itself (0) and every ancestor namespace up to the organization's (HNC's tree labels).
 */
export { ORGANIZATION_LABEL } from './organization.js';
export const TEAM_LABEL = 'orgplane.io/team';
export const TREE_LABEL_SUFFIX = '.tree.orgplane.io/depth';

/** The label a namespace carries for an ancestor (or itself, depth 0). */
export const treeLabel = (namespace: string): string => `${namespace}${TREE_LABEL_SUFFIX}`;
