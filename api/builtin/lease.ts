/** coordination.k8s.io/v1 Lease (namespaced), served from code: leader election of the controllers. */
import { Type } from '@sinclair/typebox';
import { ageColumn, defineCRD } from '../definition.js';
import { Int32, Timestamp, TypeMetaProperties, type KindType } from '../schema.js';

export const LeaseSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: Type.Optional(
      Type.Object(
        {
          holderIdentity: Type.Optional(Type.String({ description: 'Identity of the current holder.' })),
          leaseDurationSeconds: Type.Optional(
            Int32({ description: 'How long candidates wait after the last renewal before taking over.' }),
          ),
          acquireTime: Type.Optional(Timestamp('When the current holder acquired the lease.')),
          renewTime: Type.Optional(Timestamp('When the current holder last renewed the lease.')),
          leaseTransitions: Type.Optional(Int32({ description: 'Number of times the holder changed.' })),
        },
        { description: 'Desired state of the lease.' },
      ),
    ),
  },
  { description: 'Lease is a lock held by one holder at a time, renewed while it lives.' },
);

export type Lease = KindType<typeof LeaseSchema>;

export const leaseDefinition = defineCRD({
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  plural: 'leases',
  scope: 'Namespaced',
  schema: LeaseSchema,
  printerColumns: [{ name: 'Holder', type: 'string', jsonPath: '.spec.holderIdentity' }, ageColumn()],
});
