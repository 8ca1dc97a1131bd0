/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition (cluster-scoped, short name `crd`), served from
 * code. Each version's schema is kept as sent; the server checks it is structural (api/structural.ts).
 * The object's TypeScript type is `CustomResourceDefinition` in api/crd.ts.
 */
import { Type } from '@sinclair/typebox';
import { defineCRD } from '../definition.js';
import { Int32, PreserveUnknown, StringEnum, Timestamp, TypeMetaProperties } from '../schema.js';
import { createdAtColumn } from './common.js';

const str = (description: string) => Type.Optional(Type.String({ description }));
const strs = (description: string) => Type.Optional(Type.Array(Type.String(), { description }));

const NamesSchema = (description: string) =>
  Type.Object(
    {
      plural: Type.String({ description: 'Plural resource name, lower case, used in URLs.' }),
      singular: str('Singular name, lower case; defaults to the lower-cased kind.'),
      kind: Type.String({ description: 'CamelCase kind of the objects.' }),
      listKind: str('Kind of lists of the objects; defaults to <kind>List.'),
      shortNames: strs('Short names usable in place of the resource, e.g. by kubectl.'),
      categories: strs('Groupings the resource belongs to, e.g. all.'),
    },
    { description },
  );

const PrinterColumnSchema = Type.Object(
  {
    name: Type.String({ description: 'Human-readable column header.' }),
    type: StringEnum(['integer', 'number', 'string', 'boolean', 'date'] as const, {
      description: 'OpenAPI type of the column: integer, number, string, boolean or date.',
    }),
    format: str('Optional OpenAPI format of the column.'),
    description: str('Human-readable description of the column.'),
    priority: Type.Optional(Int32({ description: '0 for the standard view; higher for wide output.' })),
    jsonPath: Type.String({ description: 'Simple JSONPath evaluated against each object for the cell.' }),
  },
  { description: 'An additional column for table output.' },
);

const VersionSchema = Type.Object(
  {
    name: Type.String({ description: 'Version name, e.g. v1alpha1, served at /apis/<group>/<version>.' }),
    served: Type.Boolean({ description: 'Whether the version is served.' }),
    storage: Type.Boolean({ description: 'Whether objects are stored in this version; exactly one is.' }),
    deprecated: Type.Optional(
      Type.Boolean({ description: 'Whether responses carry a deprecation warning.' }),
    ),
    deprecationWarning: str('Warning sent to clients of a deprecated version.'),
    schema: Type.Optional(
      PreserveUnknown({ description: 'Validation schema of the version: {openAPIV3Schema: ...}.' }),
    ),
    subresources: Type.Optional(
      Type.Object(
        {
          status: Type.Optional(
            Type.Object({}, { description: 'Serve /status; the main resource ignores status changes.' }),
          ),
          scale: Type.Optional(PreserveUnknown({ description: 'Serve /scale with the given paths.' })),
        },
        { description: 'Subresources served for the version.' },
      ),
    ),
    additionalPrinterColumns: Type.Optional(
      Type.Array(PrinterColumnSchema, { description: 'Columns of table output besides the name.' }),
    ),
  },
  { description: 'A version of the custom resource.' },
);

const ConditionSchema = Type.Object(
  {
    type: Type.String({ description: 'Type of the condition, e.g. Established.' }),
    status: Type.String({ description: 'True, False or Unknown.' }),
    lastTransitionTime: Type.Optional(Timestamp('When the condition last changed status.')),
    reason: str('CamelCase reason of the last transition.'),
    message: str('Human-readable details of the last transition.'),
  },
  { description: 'A condition of the definition.' },
);

export const CustomResourceDefinitionSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: Type.Object(
      {
        group: Type.String({ description: 'API group of the resource; the name is <plural>.<group>.' }),
        names: NamesSchema('Names of the resource and its kind.'),
        scope: StringEnum(['Namespaced', 'Cluster'] as const, { description: 'Namespaced or Cluster.' }),
        versions: Type.Array(VersionSchema, { description: 'Versions of the resource.', minItems: 1 }),
        conversion: Type.Optional(PreserveUnknown({ description: 'How objects convert between versions.' })),
        preserveUnknownFields: Type.Optional(
          Type.Boolean({ description: 'Legacy; must be false for apiextensions.k8s.io/v1.' }),
        ),
      },
      { description: 'Desired state: the resource served.' },
    ),
    status: Type.Optional(
      Type.Object(
        {
          conditions: Type.Optional(Type.Array(ConditionSchema, { description: 'State of the definition.' })),
          acceptedNames: Type.Optional(NamesSchema('Names actually being served.')),
          storedVersions: strs('Versions objects have ever been stored in.'),
        },
        { description: 'Observed state of the definition.' },
      ),
    ),
  },
  { description: 'CustomResourceDefinition adds a kind to the API at runtime.' },
);

export const customResourceDefinitionDefinition = defineCRD({
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  scope: 'Cluster',
  schema: CustomResourceDefinitionSchema,
  printerColumns: [createdAtColumn],
});
