/** core/v1 ConfigMap (namespaced, short name `cm`), served from code: non-secret configuration. */
import { Type } from '@sinclair/typebox';
import { ageColumn, defineCRD } from '../definition.js';
import { StringMap, TypeMetaProperties, type KindType } from '../schema.js';

export const ConfigMapSchema = Type.Object(
  {
    ...TypeMetaProperties,
    data: Type.Optional(
      StringMap(Type.String(), {
        description:
          'Configuration data as UTF-8 strings. Keys consist of alphanumerics, -, _ or .; no key may ' +
          'also be in binaryData.',
      }),
    ),
    binaryData: Type.Optional(
      StringMap(Type.String(), {
        description: 'Binary configuration data, each value base64-encoded. Keys as in data.',
      }),
    ),
    immutable: Type.Optional(
      Type.Boolean({
        description: 'When true, data and binaryData cannot be changed (and immutable cannot be unset).',
      }),
    ),
  },
  { description: 'ConfigMap holds configuration data for agents and controllers to consume.' },
);

export type ConfigMap = KindType<typeof ConfigMapSchema>;

export const configMapDefinition = defineCRD({
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  shortNames: ['cm'],
  scope: 'Namespaced',
  schema: ConfigMapSchema,
  printerColumns: [
    {
      name: 'Data',
      type: 'integer',
      description: 'Number of keys in data and binaryData.',
      jsonPath: '.data',
      keysOf: ['.data', '.binaryData'],
    },
    ageColumn(),
  ],
});
