/**
 * QuotaReview (orgplane.io/v1alpha1, cluster-scoped): "may I create N more objects of a resource
 * in this organization (or team)?". Create-only and never stored, like SubjectAccessReview: the
 * answer is the request with `status` filled in from the quotas that would judge the creates.
 */
import { Type } from '@sinclair/typebox';
import { defineCRD } from './definition.js';
import { GROUP, VERSION } from './group.js';
import { Int64, StringEnum, TypeMetaProperties, type KindType } from './schema.js';

export const QUOTA_SCOPES = ['Organization', 'Team'] as const;

const count = (description: string) => Type.Optional(Int64({ minimum: 0, description }));

export const QuotaReviewSpecSchema = Type.Object(
  {
    organization: Type.String({ description: 'The organization asked about.', minLength: 1 }),
    team: Type.Optional(
      Type.String({
        description:
          "A team of the organization: the creates go to its namespace, so its quota, every ancestor team's and the organization's apply.",
        minLength: 1,
      }),
    ),
    resource: Type.String({
      description:
        'The quota key of the resource: "agents", or "<plural>.<group>" such as "rolebindings.rbac.authorization.k8s.io".',
      minLength: 1,
    }),
    count: Int64({ minimum: 1, description: 'How many objects would be created (at least 1).' }),
  },
  { description: 'The creates to check.' },
);

export const QuotaStandingSchema = Type.Object(
  {
    scope: StringEnum(QUOTA_SCOPES, { description: 'Which record sets this quota.' }),
    name: Type.String({ description: 'The organization or team name.' }),
    limit: count('The quota; absent: the resource is not limited here.'),
    used: Int64({ minimum: 0, description: 'Objects counted against this quota now.' }),
    remaining: count('limit - used; absent when unlimited.'),
  },
  { description: 'One quota on the branch of the creates.' },
);

export const QuotaReviewStatusSchema = Type.Object(
  {
    allowed: Type.Boolean({ description: 'Whether count more objects fit every quota that applies.' }),
    limit: count('The tightest quota that applies; absent when no quota limits the resource.'),
    used: Int64({ minimum: 0, description: 'Objects counted against the tightest quota now.' }),
    remaining: count('Room left under the tightest quota; absent when unlimited.'),
    reason: Type.String({ description: 'Why, naming the quota that decides.' }),
    quotas: Type.Array(QuotaStandingSchema, {
      description: 'Every quota on the branch: the organization first, then the team and its ancestors.',
    }),
  },
  { description: 'The answer of the server.' },
);

export const QuotaReviewSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: QuotaReviewSpecSchema,
    status: Type.Optional(QuotaReviewStatusSchema),
  },
  { description: 'QuotaReview asks whether N more objects of a resource fit an organization’s quotas.' },
);

export type QuotaReview = KindType<typeof QuotaReviewSchema>;
export type QuotaReviewStatus = NonNullable<QuotaReview['status']>;
export type QuotaStanding = QuotaReviewStatus['quotas'][number];

export const quotaReviewDefinition = defineCRD({
  group: GROUP,
  version: VERSION,
  kind: 'QuotaReview',
  plural: 'quotareviews',
  scope: 'Cluster',
  schema: QuotaReviewSchema,
  statusSubresource: false,
});
