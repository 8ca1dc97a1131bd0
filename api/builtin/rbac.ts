/**
 * rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding and ClusterRoleBinding, served from
 * code with kube's schemas. Authorization reads these types.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ageColumn, defineCRD, type KindDefinition } from '../definition.js';
import { StringMap, TypeMetaProperties, type KindType } from '../schema.js';
import { createdAtColumn } from './common.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

const strings = (description: string) => Type.Optional(Type.Array(Type.String(), { description }));

export const PolicyRuleSchema = Type.Object(
  {
    verbs: Type.Array(Type.String(), { description: "Verbs the rule allows; '*' means all." }),
    apiGroups: strings("API groups of the resources; '' is the core group, '*' all groups."),
    resources: strings("Resources the rule applies to, 'resource/subresource' for subresources; '*' all."),
    resourceNames: strings('Names of the objects the rule is limited to; empty means all.'),
    nonResourceURLs: strings("URL paths (ClusterRoles only), '*' as a final segment for a prefix."),
  },
  { description: 'PolicyRule describes requests the rule allows.' },
);

export const SubjectSchema = Type.Object(
  {
    kind: Type.String({ description: 'Kind of subject: User, Group or ServiceAccount.' }),
    apiGroup: Type.Optional(
      Type.String({ description: 'API group of the subject: rbac.authorization.k8s.io for User and Group.' }),
    ),
    name: Type.String({ description: 'Name of the subject.' }),
    namespace: Type.Optional(Type.String({ description: 'Namespace of a ServiceAccount subject.' })),
  },
  { description: 'Subject is a user, group or service account a binding grants the role to.' },
);

export const RoleRefSchema = Type.Object(
  {
    apiGroup: Type.String({ description: 'API group of the role: rbac.authorization.k8s.io.' }),
    kind: Type.String({ description: 'Role or ClusterRole.' }),
    name: Type.String({ description: 'Name of the role.' }),
  },
  { description: 'The role granted; cannot be changed once the binding exists.' },
);

const LabelSelectorSchema = Type.Object(
  {
    matchLabels: Type.Optional(
      StringMap(Type.String(), { description: 'Labels an object must have, all of them.' }),
    ),
    matchExpressions: Type.Optional(
      Type.Array(
        Type.Object(
          {
            key: Type.String({ description: 'Label key the requirement applies to.' }),
            operator: Type.String({ description: 'In, NotIn, Exists or DoesNotExist.' }),
            values: strings('Values for In and NotIn; empty for Exists and DoesNotExist.'),
          },
          { description: 'A label requirement.' },
        ),
        { description: 'Label requirements, all of which must hold.' },
      ),
    ),
  },
  { description: 'A label selector.' },
);

export const AggregationRuleSchema = Type.Object(
  {
    clusterRoleSelectors: Type.Optional(
      Type.Array(LabelSelectorSchema, {
        description: "ClusterRoles whose rules are aggregated into this one's; any selector may match.",
      }),
    ),
  },
  { description: "Aggregates the rules of selected ClusterRoles into this ClusterRole's rules." },
);

const rules = Type.Optional(Type.Array(PolicyRuleSchema, { description: 'The rules of the role.' }));
const subjects = Type.Optional(Type.Array(SubjectSchema, { description: 'Who the role is granted to.' }));

export const RoleSchema = Type.Object(
  { ...TypeMetaProperties, rules },
  { description: 'Role is a namespaced set of PolicyRules, granted by a RoleBinding.' },
);
export const ClusterRoleSchema = Type.Object(
  { ...TypeMetaProperties, rules, aggregationRule: Type.Optional(AggregationRuleSchema) },
  {
    description:
      'ClusterRole is a cluster-wide set of PolicyRules, granted by a RoleBinding or ClusterRoleBinding.',
  },
);
export const RoleBindingSchema = Type.Object(
  { ...TypeMetaProperties, subjects, roleRef: RoleRefSchema },
  { description: 'RoleBinding grants a Role or ClusterRole to subjects within its namespace.' },
);
export const ClusterRoleBindingSchema = Type.Object(
  { ...TypeMetaProperties, subjects, roleRef: RoleRefSchema },
  { description: 'ClusterRoleBinding grants a ClusterRole to subjects in every namespace and cluster-wide.' },
);

export type PolicyRule = Static<typeof PolicyRuleSchema>;
export type Subject = Static<typeof SubjectSchema>;
export type RoleRef = Static<typeof RoleRefSchema>;
export type AggregationRule = Static<typeof AggregationRuleSchema>;
export type Role = KindType<typeof RoleSchema>;
export type ClusterRole = KindType<typeof ClusterRoleSchema>;
export type RoleBinding = KindType<typeof RoleBindingSchema>;
export type ClusterRoleBinding = KindType<typeof ClusterRoleBindingSchema>;

function rbacKind(kind: string, schema: TSchema, rest: Partial<KindDefinition>): KindDefinition {
  return {
    group: RBAC_GROUP,
    version: 'v1',
    kind,
    plural: `${kind.toLowerCase()}s`,
    scope: kind.startsWith('Cluster') ? 'Cluster' : 'Namespaced',
    schema,
    ...rest,
  };
}

const bindingColumns = [{ name: 'Role', type: 'string', jsonPath: '.roleRef.name' } as const, ageColumn()];

export const roleDefinition = defineCRD(rbacKind('Role', RoleSchema, { printerColumns: [createdAtColumn] }));
export const clusterRoleDefinition = defineCRD(
  rbacKind('ClusterRole', ClusterRoleSchema, { printerColumns: [createdAtColumn] }),
);
export const roleBindingDefinition = defineCRD(
  rbacKind('RoleBinding', RoleBindingSchema, { printerColumns: bindingColumns }),
);
export const clusterRoleBindingDefinition = defineCRD(
  rbacKind('ClusterRoleBinding', ClusterRoleBindingSchema, { printerColumns: bindingColumns }),
);
