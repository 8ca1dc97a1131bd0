/** core/v1 Secret (namespaced), served from code: values kept out of logs, audit records and events. */
import { Type } from '@sinclair/typebox';
import { ageColumn, defineCRD } from '../definition.js';
import { StringMap, TypeMetaProperties, type KindType } from '../schema.js';

/** kube's default Secret type. */
export const OPAQUE = 'Opaque';

export const SecretSchema = Type.Object(
  {
    ...TypeMetaProperties,
    data: Type.Optional(
      StringMap(Type.String(), {
        description:
          'Secret data, each value base64-encoded. Keys consist of alphanumerics, -, _ or .; the ' +
          'total size is at most 1 MiB.',
      }),
    ),
    stringData: Type.Optional(
      StringMap(Type.String(), {
        description:
          'Write-only convenience: plain-text values merged into data on write (they override data ' +
          'keys of the same name). Never stored or returned.',
      }),
    ),
    type: Type.Optional(
      Type.String({
        description: 'Used to facilitate programmatic handling of secret data (default Opaque). Immutable.',
        default: OPAQUE,
      }),
    ),
    immutable: Type.Optional(
      Type.Boolean({
        description:
          'When true, data, stringData and type cannot be changed (and immutable cannot be unset).',
      }),
    ),
  },
  { description: 'Secret holds a small amount of sensitive data, such as an API key.' },
);

export type Secret = KindType<typeof SecretSchema>;

export const secretDefinition = defineCRD({
  group: '',
  version: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  scope: 'Namespaced',
  schema: SecretSchema,
  printerColumns: [
    { name: 'Type', type: 'string', jsonPath: '.type' },
    {
      name: 'Data',
      type: 'integer',
      description: 'Number of keys in data.',
      jsonPath: '.data',
      keysOf: ['.data'],
    },
    ageColumn(),
  ],
});
