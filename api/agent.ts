/** Agent (orgplane.io/v1alpha1, namespaced, short name `ag`): an AI agent an organization runs. */
import { Type, type Static } from '@sinclair/typebox';
import { ConditionsSchema } from './conditions.js';
import { ageColumn, defineCRD } from './definition.js';
import { GROUP, VERSION } from './group.js';
import { ScalarSet, StringEnum, TypeMetaProperties, type KindType } from './schema.js';
import { ObservedGeneration, STATUS_DEFAULT } from './observed.js';

export const AGENT_PHASES = ['Pending', 'Ready', 'Suspended'] as const;
export type AgentPhase = (typeof AGENT_PHASES)[number];

/** A key of a Secret or ConfigMap in the agent's namespace (kube's SecretKeySelector / ConfigMapKeySelector). */
const KeySelector = (kind: 'Secret' | 'ConfigMap') =>
  Type.Object(
    {
      name: Type.String({ description: `Name of the ${kind} in the agent's namespace.` }),
      key: Type.String({ description: `The key of the ${kind}'s data to take the value from.` }),
      optional: Type.Optional(
        Type.Boolean({
          description: `Whether the agent may be Ready while the ${kind} or its key is missing.`,
        }),
      ),
    },
    { description: `Selects a key of a ${kind}.`, 'x-kubernetes-map-type': 'atomic' },
  );

export const EnvVarSourceSchema = Type.Object(
  {
    secretKeyRef: Type.Optional(KeySelector('Secret')),
    configMapKeyRef: Type.Optional(KeySelector('ConfigMap')),
  },
  { description: 'Where the value comes from: exactly one of secretKeyRef and configMapKeyRef.' },
);

export const EnvVarSchema = Type.Object(
  {
    name: Type.String({ description: 'Name of the environment variable, e.g. OPENAI_API_KEY.' }),
    value: Type.Optional(Type.String({ description: 'The value; empty when valueFrom is set.' })),
    valueFrom: Type.Optional(EnvVarSourceSchema),
  },
  { description: "An environment variable the agent runs with (kube's EnvVar)." },
);

export const AgentSpecSchema = Type.Object(
  {
    model: Type.String({ description: 'Model the agent runs on, e.g. gpt-4o.', minLength: 1 }),
    instructions: Type.Optional(Type.String({ description: 'System instructions given to the model.' })),
    description: Type.Optional(Type.String({ description: 'Free-text description of the agent.' })),
    tools: Type.Optional(ScalarSet('Names of the tools the agent may call.', Type.String({ minLength: 1 }))),
    env: Type.Optional(
      Type.Unsafe<Static<typeof EnvVarSchema>[]>({
        description:
          "Environment of the agent, keyed by name: literal values or keys of Secrets and ConfigMaps in the agent's namespace.",
        type: 'array',
        items: EnvVarSchema,
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
      }),
    ),
  },
  { description: 'Desired state of the agent.' },
);

export const AgentStatusSchema = Type.Object(
  {
    phase: Type.Optional(
      StringEnum(AGENT_PHASES, {
        description: 'Lifecycle phase: Pending, Ready, or Suspended (e.g. while over quota).',
      }),
    ),
    conditions: Type.Optional(ConditionsSchema('Latest observations of the agent: Ready.')),
    observedGeneration: ObservedGeneration(),
  },
  { description: 'Observed state of the agent.', ...STATUS_DEFAULT },
);

export const AgentSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: AgentSpecSchema,
    status: Type.Optional(AgentStatusSchema),
  },
  { description: 'Agent is an AI agent run by the organization owning its namespace.' },
);

export type EnvVar = Static<typeof EnvVarSchema>;
export type EnvVarSource = Static<typeof EnvVarSourceSchema>;
export type AgentSpec = Static<typeof AgentSpecSchema>;
export type AgentStatus = Static<typeof AgentStatusSchema>;
export type Agent = KindType<typeof AgentSchema>;

export const agentCRD = defineCRD({
  group: GROUP,
  version: VERSION,
  kind: 'Agent',
  plural: 'agents',
  shortNames: ['ag'],
  categories: ['orgplane', 'all'],
  scope: 'Namespaced',
  schema: AgentSchema,
  printerColumns: [
    { name: 'Model', type: 'string', jsonPath: '.spec.model' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Description', type: 'string', priority: 1, jsonPath: '.spec.description' },
    ageColumn(),
  ],
});
