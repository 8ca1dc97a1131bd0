/**
 * ServiceAccount (orgplane.io/v1alpha1, cluster-scoped, short name `osa`): a global principal, human
 * or bot. A token of account `alice` authenticates as user `alice`; its password and tokens are
 * served by subresources and never stored in the object.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ageColumn, defineCRD } from './definition.js';
import { GROUP, VERSION } from './group.js';
import { TypeMetaProperties, type KindType } from './schema.js';

export const ServiceAccountSpecSchema = Type.Object(
  {
    description: Type.Optional(Type.String({ description: 'Who or what the account is for.' })),
    disabled: Type.Optional(
      Type.Boolean({
        description: 'Disables the account: it cannot log in and its tokens stop authenticating.',
        default: false,
      }),
    ),
  },
  { description: 'Desired state of the service account.' },
);

export const ServiceAccountSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: Type.Optional(ServiceAccountSpecSchema),
  },
  { description: 'ServiceAccount is a global principal, a person or a bot, bound to roles by RoleBindings.' },
);

export type ServiceAccountSpec = Static<typeof ServiceAccountSpecSchema>;
export type ServiceAccount = KindType<typeof ServiceAccountSchema>;

export const serviceAccountCRD = defineCRD({
  group: GROUP,
  version: VERSION,
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  shortNames: ['osa'],
  categories: ['orgplane'],
  scope: 'Cluster',
  schema: ServiceAccountSchema,
  printerColumns: [
    { name: 'Disabled', type: 'boolean', jsonPath: '.spec.disabled' },
    { name: 'Description', type: 'string', jsonPath: '.spec.description' },
    ageColumn(),
  ],
});
