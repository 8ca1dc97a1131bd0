/**
 * The metav1.Condition schema every kind's status.conditions uses: a list keyed by `type`
 * (`x-kubernetes-list-type: map`), with kube's own limits on each field.
 */
import { Type, type Static, type TUnsafe } from '@sinclair/typebox';
import { Int64, StringEnum, Timestamp } from './schema.js';

export const ConditionSchema = Type.Object(
  {
    type: Type.String({
      description: 'Type of the condition in CamelCase, e.g. Ready.',
      maxLength: 316,
      pattern:
        '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
    }),
    status: StringEnum(['True', 'False', 'Unknown'] as const, {
      description: 'Status of the condition: True, False or Unknown.',
    }),
    observedGeneration: Type.Optional(
      Int64({
        description: 'The metadata.generation the condition was set from.',
        minimum: 0,
      }),
    ),
    lastTransitionTime: Timestamp('When the condition last changed from one status to another.'),
    reason: Type.String({
      description: 'A programmatic identifier, in CamelCase, for the reason of the last transition.',
      minLength: 1,
      maxLength: 1024,
      pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
    }),
    message: Type.String({
      description: 'A human-readable message with details about the transition; may be empty.',
      maxLength: 32768,
    }),
  },
  { description: 'Condition is one aspect of the current state of the object.' },
);

export type ConditionType = Static<typeof ConditionSchema>;

/** status.conditions: the latest observations of the object's state, one per condition type. */
export function ConditionsSchema(description: string): TUnsafe<ConditionType[]> {
  return Type.Unsafe<ConditionType[]>({
    description,
    type: 'array',
    items: ConditionSchema,
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['type'],
  });
}
