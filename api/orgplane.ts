/** The CRDs of the orgplane.io kinds: what crds/ is generated from and what a cluster installs. */
import type { CustomResourceDefinition } from './crd.js';
import { agentCRD } from './agent.js';
import { auditEventCRD } from './auditevent.js';
import { groupCRD } from './orggroup.js';
import { organizationCRD } from './organization.js';
import { organizationTemplateCRD } from './orgtemplate.js';
import { serviceAccountCRD } from './serviceaccount.js';
import { teamCRD } from './team.js';

export const orgplaneCRDs: CustomResourceDefinition[] = [
  organizationCRD,
  agentCRD,
  serviceAccountCRD,
  auditEventCRD,
  teamCRD,
  groupCRD,
  organizationTemplateCRD,
];
