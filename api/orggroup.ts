/**
 * Group (orgplane.io/v1alpha1, namespaced in its organization's namespace, short name `grp`): a set
 * of users that RoleBinding subjects `{kind: Group, name}` in the organization's namespaces match.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ageColumn, defineCRD } from './definition.js';
import { GROUP, VERSION } from './group.js';
import { Int64, ScalarSet, TypeMetaProperties, type KindType } from './schema.js';
import { ObservedGeneration, STATUS_DEFAULT } from './observed.js';

/** A user name as authentication yields it: 1 to 253 characters, no whitespace or control characters. */
export const USER_NAME_PATTERN = '^[^\\s\\x00-\\x1f\\x7f]+$';

export const GroupSpecSchema = Type.Object(
  {
    description: Type.Optional(Type.String({ description: 'Free-text description of the group.' })),
    members: Type.Optional(
      ScalarSet(
        'User names of the members (a set).',
        Type.String({ minLength: 1, maxLength: 253, pattern: USER_NAME_PATTERN }),
      ),
    ),
  },
  { description: 'Desired state of the group.' },
);

export const GroupStatusSchema = Type.Object(
  {
    members: Type.Optional(Int64({ description: 'Number of members.', minimum: 0 })),
    observedGeneration: ObservedGeneration(),
  },
  { description: 'Observed state of the group.', ...STATUS_DEFAULT },
);

export const GroupSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: Type.Optional(GroupSpecSchema),
    status: Type.Optional(GroupStatusSchema),
  },
  {
    description:
      "Group is a set of users of an organization, granted roles by the organization's RoleBindings.",
  },
);

export type GroupSpec = Static<typeof GroupSpecSchema>;
export type Group = KindType<typeof GroupSchema>;

export const groupCRD = defineCRD({
  group: GROUP,
  version: VERSION,
  kind: 'Group',
  plural: 'groups',
  shortNames: ['grp'],
  categories: ['orgplane'],
  scope: 'Namespaced',
  schema: GroupSchema,
  printerColumns: [
    { name: 'Members', type: 'integer', jsonPath: '.status.members' },
    { name: 'Description', type: 'string', jsonPath: '.spec.description' },
    ageColumn(),
  ],
});
