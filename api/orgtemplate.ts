/**
 * OrganizationTemplate (orgplane.io/v1alpha1, cluster-scoped, short name `orgtemplate`): defaults
 * for a new Organization's spec, and the teams, groups and role bindings the organization
 * controller creates for an Organization naming it in `spec.template`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ageColumn, defineCRD } from './definition.js';
import { GROUP, VERSION } from './group.js';
import { Int64, PreserveUnknown, ScalarSet, StringMap, TypeMetaProperties, type KindType } from './schema.js';

const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const name = (description: string) =>
  Type.String({ description, minLength: 1, maxLength: 63, pattern: DNS_LABEL });

export const TemplateTeamSchema = Type.Object({
  name: name('Name of the Team.'),
  parent: Type.Optional(name('Parent team, one of this template’s teams; absent: top level.')),
  displayName: Type.Optional(Type.String({ description: 'Display name of the Team.' })),
  quota: Type.Optional(StringMap(Int64({ minimum: 0 }), { description: 'The Team’s spec.quota.' })),
});

export const TemplateGroupSchema = Type.Object({
  name: name('Name of the Group.'),
  description: Type.Optional(Type.String({ description: 'Description of the Group.' })),
});

export const TemplateRoleBindingSchema = Type.Object({
  name: name('Name of the RoleBinding.'),
  team: Type.Optional(name("Team whose namespace holds the binding; absent: the organization's namespace.")),
  clusterRole: Type.String({ description: 'ClusterRole the binding grants.', minLength: 1 }),
  groups: Type.Optional(
    ScalarSet('Groups (of this template) the binding names.', Type.String({ minLength: 1 })),
  ),
});

export const OrganizationTemplateSpecSchema = Type.Object(
  {
    organization: Type.Optional(
      PreserveUnknown({
        description:
          "Defaults for the Organization's spec (plan, quota, features, rateLimits, billing): each field the Organization leaves unset at creation.",
      }),
    ),
    teams: Type.Optional(Type.Array(TemplateTeamSchema, { description: 'Teams to create, parents first.' })),
    groups: Type.Optional(Type.Array(TemplateGroupSchema, { description: 'Groups to create.' })),
    roleBindings: Type.Optional(
      Type.Array(TemplateRoleBindingSchema, { description: 'RoleBindings to create, naming groups.' }),
    ),
  },
  { description: 'What an Organization created from this template starts with.' },
);

export const OrganizationTemplateSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: Type.Optional(OrganizationTemplateSpecSchema),
  },
  { description: 'OrganizationTemplate holds the defaults and structure new Organizations start from.' },
);

export type OrganizationTemplateSpec = Static<typeof OrganizationTemplateSpecSchema>;
export type OrganizationTemplate = KindType<typeof OrganizationTemplateSchema>;

export const organizationTemplateCRD = defineCRD({
  group: GROUP,
  version: VERSION,
  kind: 'OrganizationTemplate',
  plural: 'organizationtemplates',
  shortNames: ['orgtemplate'],
  categories: ['orgplane'],
  scope: 'Cluster',
  schema: OrganizationTemplateSchema,
  printerColumns: [ageColumn()],
});
