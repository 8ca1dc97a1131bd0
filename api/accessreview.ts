/**
 * Effective permissions (orgplane.io/v1alpha1, cluster-scoped, create-only, never stored):
 * AccessReview answers what a user may do in every organization and team namespace it can act in,
 * WhoCanReview every subject that may do one verb on one resource in one namespace; both name the
 * binding and role behind each answer (kubectl-who-can's question, which kube lacks).
 */
import { Type } from '@sinclair/typebox';
import { defineCRD } from './definition.js';
import { GROUP, VERSION } from './group.js';
import { StringEnum, TypeMetaProperties, type KindType } from './schema.js';

export const GRANT_KINDS = ['RoleBinding', 'ClusterRoleBinding', 'OrganizationMembership'] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

const str = (description: string) => Type.Optional(Type.String({ description }));
const strs = (description: string) => Type.Array(Type.String(), { description });

export const ViaSchema = Type.Object(
  {
    kind: StringEnum(GRANT_KINDS, {
      description:
        'What grants it: a RoleBinding, a ClusterRoleBinding, or membership of the organization (every member reads its Teams).',
    }),
    binding: str('Name of the binding.'),
    namespace: str('Namespace of the RoleBinding (absent for a ClusterRoleBinding).'),
    roleKind: str('Kind of the role bound: Role or ClusterRole.'),
    role: str('Name of the role bound.'),
    group: str('The group subject of the binding the user is matched through.'),
    inheritedFrom: str('The ancestor namespace whose binding the namespace inherits.'),
  },
  { description: 'Why a permission holds.' },
);

export const GrantSchema = Type.Object(
  {
    verbs: strs('Verbs granted.'),
    resourceNames: Type.Optional(strs('Only on these objects; absent: on every object.')),
    via: ViaSchema,
  },
  { description: 'One source of permissions.' },
);

export const PermissionSchema = Type.Object(
  {
    group: Type.String({ description: 'API group of the resource ("" for core).' }),
    resource: Type.String({ description: 'Resource (plural).' }),
    verbs: strs('Verbs allowed on every object of the resource.'),
    grants: Type.Array(GrantSchema, { description: 'What grants them.' }),
  },
  { description: 'What may be done with one resource.' },
);

const permissions = (description: string) => Type.Array(PermissionSchema, { description });

export const AccessReviewSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: Type.Object(
      {
        user: Type.String({
          description: 'User name (a global ServiceAccount authenticates as its name).',
          minLength: 1,
        }),
        groups: Type.Optional(
          strs("The user's authenticated groups; default those of a ServiceAccount token."),
        ),
      },
      { description: 'Whose permissions to list.' },
    ),
    status: Type.Optional(
      Type.Object(
        {
          clusterWide: permissions('Granted by ClusterRoleBindings: in every namespace.'),
          organizations: Type.Array(
            Type.Object(
              {
                name: Type.String({ description: 'The organization.' }),
                namespaces: Type.Array(
                  Type.Object(
                    {
                      namespace: Type.String({ description: 'The organization’s or a team’s namespace.' }),
                      permissions: permissions('Granted by RoleBindings and membership here.'),
                    },
                    { description: 'Permissions in one namespace of the organization.' },
                  ),
                  { description: 'Every namespace of the organization the user can act in.' },
                ),
              },
              { description: 'One organization the user can act in.' },
            ),
            { description: 'Every organization the user can act in (those the asker may review).' },
          ),
          evaluationError: str('Bindings naming a missing role, if any.'),
        },
        { description: 'The answer of the server.' },
      ),
    ),
  },
  { description: 'AccessReview lists what a user may do in each organization, and why.' },
);

export const WhoCanSubjectSchema = Type.Object(
  {
    kind: StringEnum(['User', 'Group', 'ServiceAccount'] as const, { description: 'Subject kind.' }),
    name: Type.String({ description: 'Subject name.' }),
    namespace: str('Namespace of a ServiceAccount subject.'),
    via: ViaSchema,
  },
  { description: 'A subject that may do it, and why.' },
);

export const WhoCanReviewSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: Type.Object(
      {
        verb: Type.String({ description: 'Kubernetes verb, e.g. create.', minLength: 1 }),
        resource: Type.String({
          description: 'Resource: plural ("agents"), "<plural>.<group>", or a short name.',
          minLength: 1,
        }),
        subresource: str('Subresource, e.g. status.'),
        name: str('Object name; empty: any object.'),
        namespace: Type.String({ description: 'The namespace (organization or team).', minLength: 1 }),
      },
      { description: 'The action to check.' },
    ),
    status: Type.Optional(
      Type.Object(
        {
          group: Type.String({ description: 'API group the resource resolved to.' }),
          resource: Type.String({ description: 'Plural the resource resolved to.' }),
          subjects: Type.Array(WhoCanSubjectSchema, {
            description: 'Every subject allowed, once per reason.',
          }),
          evaluationError: str('Bindings naming a missing role, if any.'),
        },
        { description: 'The answer of the server.' },
      ),
    ),
  },
  {
    description: 'WhoCanReview lists every subject that may do a verb on a resource in a namespace, and why.',
  },
);

export type AccessReview = KindType<typeof AccessReviewSchema>;
export type AccessReviewStatus = NonNullable<AccessReview['status']>;
export type WhoCanReview = KindType<typeof WhoCanReviewSchema>;
export type WhoCanReviewStatus = NonNullable<WhoCanReview['status']>;
export type Via = AccessReviewStatus['clusterWide'][number]['grants'][number]['via'];
export type Grant = AccessReviewStatus['clusterWide'][number]['grants'][number];
export type Permission = AccessReviewStatus['clusterWide'][number];
export type WhoCanSubject = WhoCanReviewStatus['subjects'][number];

const review = (kind: string, schema: typeof AccessReviewSchema | typeof WhoCanReviewSchema) =>
  defineCRD({
    group: GROUP,
    version: VERSION,
    kind,
    plural: `${kind.toLowerCase()}s`,
    scope: 'Cluster',
    schema,
    statusSubresource: false,
  });

export const accessReviewDefinition = review('AccessReview', AccessReviewSchema);
export const whoCanReviewDefinition = review('WhoCanReview', WhoCanReviewSchema);
