/**
 * authentication.k8s.io/v1 SelfSubjectReview (`kubectl auth whoami`): a virtual kind, create-only
 * and never stored; the answer carries the caller's attributes as authentication established them.
 */
import { Type } from '@sinclair/typebox';
import { defineCRD } from '../definition.js';
import { StringMap, TypeMetaProperties, type KindType } from '../schema.js';

export const AUTHENTICATION_GROUP = 'authentication.k8s.io';

export const UserInfoSchema = Type.Object(
  {
    username: Type.Optional(Type.String({ description: 'The name that uniquely identifies this user.' })),
    uid: Type.Optional(Type.String({ description: 'A unique value that identifies this user across time.' })),
    groups: Type.Optional(Type.Array(Type.String(), { description: 'The groups this user is a part of.' })),
    extra: Type.Optional(
      StringMap(Type.Array(Type.String()), {
        description: 'Any additional information provided by the authenticator.',
      }),
    ),
  },
  { description: 'The attributes of a user.' },
);

export const SelfSubjectReviewSchema = Type.Object(
  {
    ...TypeMetaProperties,
    status: Type.Optional(
      Type.Object(
        { userInfo: Type.Optional(UserInfoSchema) },
        { description: 'Filled in by the server with the user attributes.' },
      ),
    ),
  },
  {
    description:
      'SelfSubjectReview contains the user information that the server has about the user making this request.',
  },
);

export type SelfSubjectReview = KindType<typeof SelfSubjectReviewSchema>;

export const selfSubjectReviewDefinition = defineCRD({
  group: AUTHENTICATION_GROUP,
  version: 'v1',
  kind: 'SelfSubjectReview',
  plural: 'selfsubjectreviews',
  scope: 'Cluster',
  schema: SelfSubjectReviewSchema,
  statusSubresource: false,
});
