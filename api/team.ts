/**
 * Team (orgplane.io/v1alpha1, namespaced in its organization's namespace, short name `team`): a
 * node of the organization's namespace tree. It owns the namespace `<organization>-<team>`, created
 * with it; RoleBindings of its ancestors' namespaces apply in it (DESIGN.md "Inside an organization").
 */
import { Type, type Static } from '@sinclair/typebox';
import { ConditionsSchema } from './conditions.js';
import { ageColumn, defineCRD } from './definition.js';
import { GROUP, VERSION } from './group.js';
import { Int64, StringEnum, StringMap, TypeMetaProperties, type KindType } from './schema.js';
import { ObservedGeneration, STATUS_DEFAULT } from './observed.js';

export const TEAM_PHASES = ['Active', 'Terminating'] as const;
export type TeamPhase = (typeof TEAM_PHASES)[number];

const ObjectCounts = (description: string) => StringMap(Int64({ minimum: 0 }), { description });

export const TeamSpecSchema = Type.Object(
  {
    displayName: Type.Optional(Type.String({ description: 'Human-readable name of the team.' })),
    description: Type.Optional(Type.String({ description: 'Free-text description of the team.' })),
    parent: Type.Optional(
      Type.String({
        description:
          'Name of the parent Team in the same organization; absent: directly under the organization.',
        minLength: 1,
        maxLength: 253,
      }),
    ),
    quota: Type.Optional(
      ObjectCounts(
        "Maximum number of objects per resource in the team's whole subtree, keyed like the Organization's spec.quota.",
      ),
    ),
    allowCascadingDeletion: Type.Optional(
      Type.Boolean({
        description:
          'Deleting the team also deletes its child teams and every object in their namespaces; without it, deleting a team that is not empty is refused.',
      }),
    ),
  },
  { description: 'Desired state of the team.' },
);

export const TeamStatusSchema = Type.Object(
  {
    namespace: Type.Optional(Type.String({ description: 'The namespace the team owns.' })),
    path: Type.Optional(
      Type.String({
        description: 'Organization and teams from the root, e.g. acme-corp/engineering/backend.',
      }),
    ),
    depth: Type.Optional(Int64({ description: 'Depth in the tree: 1 for a top-level team.', minimum: 0 })),
    phase: Type.Optional(StringEnum(TEAM_PHASES, { description: 'Lifecycle phase: Active or Terminating.' })),
    usage: Type.Optional(ObjectCounts("Objects per resource in the team's subtree, keys as in spec.quota.")),
    members: Type.Optional(
      Int64({
        description: "Distinct users with a binding in the team's subtree, group members included.",
        minimum: 0,
      }),
    ),
    conditions: Type.Optional(ConditionsSchema('Latest observations of the team: Ready.')),
    observedGeneration: ObservedGeneration(),
  },
  { description: 'Observed state of the team.', ...STATUS_DEFAULT },
);

export const TeamSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: Type.Optional(TeamSpecSchema),
    status: Type.Optional(TeamStatusSchema),
  },
  { description: "Team is a department or team of an organization: a namespace in the organization's tree." },
);

export type TeamSpec = Static<typeof TeamSpecSchema>;
export type TeamStatus = Static<typeof TeamStatusSchema>;
export type Team = KindType<typeof TeamSchema>;

export const teamCRD = defineCRD({
  group: GROUP,
  version: VERSION,
  kind: 'Team',
  plural: 'teams',
  shortNames: ['team'],
  categories: ['orgplane'],
  scope: 'Namespaced',
  schema: TeamSchema,
  printerColumns: [
    { name: 'Display Name', type: 'string', jsonPath: '.spec.displayName' },
    { name: 'Parent', type: 'string', jsonPath: '.spec.parent' },
    { name: 'Namespace', type: 'string', jsonPath: '.status.namespace' },
    { name: 'Members', type: 'integer', jsonPath: '.status.members' },
    ageColumn(),
  ],
});
