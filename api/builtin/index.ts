/**
 * The built-in kinds as CRD-style definitions. They are never stored as CRDs: the server serves them
 * from code, and discovery, OpenAPI, validation and Table output read them like any CRD.
 */
import { accessReviewDefinition, whoCanReviewDefinition } from '../accessreview.js';
import type { CustomResourceDefinition } from '../crd.js';
import { quotaReviewDefinition } from '../quotareview.js';
import { customResourceDefinitionDefinition } from './apiextensions.js';
import { selfSubjectReviewDefinition } from './authentication.js';
import {
  selfSubjectAccessReviewDefinition,
  selfSubjectRulesReviewDefinition,
  subjectAccessReviewDefinition,
} from './authorization.js';
import { configMapDefinition } from './configmap.js';
import { eventDefinition } from './event.js';
import { leaseDefinition } from './lease.js';
import { namespaceDefinition } from './namespace.js';
import {
  clusterRoleBindingDefinition,
  clusterRoleDefinition,
  roleBindingDefinition,
  roleDefinition,
} from './rbac.js';
import { secretDefinition } from './secret.js';

/** Kinds that take strategic-merge-patch, as kube's built-ins do (kubectl sends it to them). */
export const strategicMergePatchDefinitions: readonly CustomResourceDefinition[] = [
  namespaceDefinition,
  roleDefinition,
  clusterRoleDefinition,
  roleBindingDefinition,
  clusterRoleBindingDefinition,
  configMapDefinition,
  secretDefinition,
];

/** Create-only kinds that are answered, never stored. */
export const virtualDefinitions: readonly CustomResourceDefinition[] = [
  selfSubjectAccessReviewDefinition,
  selfSubjectRulesReviewDefinition,
  subjectAccessReviewDefinition,
  selfSubjectReviewDefinition,
  quotaReviewDefinition,
  accessReviewDefinition,
  whoCanReviewDefinition,
];

export const builtinDefinitions: CustomResourceDefinition[] = [
  namespaceDefinition,
  eventDefinition,
  configMapDefinition,
  secretDefinition,
  roleDefinition,
  clusterRoleDefinition,
  roleBindingDefinition,
  clusterRoleBindingDefinition,
  customResourceDefinitionDefinition,
  leaseDefinition,
  ...virtualDefinitions,
];
