/** Schema pieces shared by the built-in kinds. */
import { Type, type Static } from '@sinclair/typebox';

/** core/v1 ObjectReference: enough to find one object. */
export const ObjectReferenceSchema = Type.Object(
  {
    kind: Type.Optional(Type.String({ description: 'Kind of the referent.' })),
    namespace: Type.Optional(Type.String({ description: 'Namespace of the referent.' })),
    name: Type.Optional(Type.String({ description: 'Name of the referent.' })),
    uid: Type.Optional(Type.String({ description: 'UID of the referent.' })),
    apiVersion: Type.Optional(Type.String({ description: 'API version of the referent.' })),
    resourceVersion: Type.Optional(Type.String({ description: 'resourceVersion of the referent.' })),
    fieldPath: Type.Optional(
      Type.String({ description: 'A piece of the object instead of the whole, e.g. spec.containers{name}.' }),
    ),
  },
  { description: 'ObjectReference refers to an object.' },
);

export type ObjectReference = Static<typeof ObjectReferenceSchema>;

/** The "Created At" column kube shows for Roles and CRDs: the creation time, not an age. */
export const createdAtColumn = {
  name: 'Created At',
  type: 'string',
  jsonPath: '.metadata.creationTimestamp',
} as const;
