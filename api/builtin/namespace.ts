/** core/v1 Namespace (cluster-scoped, short name `ns`), served from code. */
import { Type, type Static } from '@sinclair/typebox';
import { ageColumn, defineCRD } from '../definition.js';
import { StringEnum, Timestamp, TypeMetaProperties, type KindType } from '../schema.js';

export const NAMESPACE_PHASES = ['Active', 'Terminating'] as const;

export const NamespaceConditionSchema = Type.Object(
  {
    type: Type.String({ description: 'Type of the condition.' }),
    status: StringEnum(['True', 'False', 'Unknown'] as const, { description: 'True, False or Unknown.' }),
    lastTransitionTime: Type.Optional(Timestamp('When the condition last changed status.')),
    reason: Type.Optional(Type.String({ description: 'CamelCase reason of the last transition.' })),
    message: Type.Optional(Type.String({ description: 'Human-readable details of the last transition.' })),
  },
  { description: 'NamespaceCondition is one aspect of the namespace state.' },
);

export const NamespaceSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: Type.Optional(
      Type.Object(
        {
          finalizers: Type.Optional(
            Type.Array(Type.String(), {
              description: 'Finalizers that must be removed before the namespace is deleted.',
            }),
          ),
        },
        { description: 'Desired state of the namespace.' },
      ),
    ),
    status: Type.Optional(
      Type.Object(
        {
          phase: Type.Optional(
            StringEnum(NAMESPACE_PHASES, { description: 'Lifecycle phase: Active or Terminating.' }),
          ),
          conditions: Type.Optional(
            Type.Unsafe<Static<typeof NamespaceConditionSchema>[]>({
              description: 'Latest observations of the namespace state.',
              type: 'array',
              items: NamespaceConditionSchema,
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['type'],
            }),
          ),
        },
        { description: 'Observed state of the namespace.' },
      ),
    ),
  },
  { description: 'Namespace provides a scope for names; each Organization owns the one of its name.' },
);

export type Namespace = KindType<typeof NamespaceSchema>;

export const namespaceDefinition = defineCRD({
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  shortNames: ['ns'],
  scope: 'Cluster',
  schema: NamespaceSchema,
  printerColumns: [{ name: 'Status', type: 'string', jsonPath: '.status.phase' }, ageColumn()],
});
