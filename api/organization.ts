/**
 * Organization (orgplane.io/v1alpha1, cluster-scoped, short name `org`): a tenant. Its name is also
 * the name of its namespace, which is created with it.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ConditionsSchema } from './conditions.js';
import { ageColumn, defineCRD } from './definition.js';
import { GROUP, VERSION } from './group.js';
import { Int64, StringEnum, StringMap, ScalarSet, TypeMetaProperties, type KindType } from './schema.js';
import { ObservedGeneration, STATUS_DEFAULT } from './observed.js';

export const BILLING_PROVIDERS = ['lago', 'stripe'] as const;
export type BillingProvider = (typeof BILLING_PROVIDERS)[number];

/** On an organization's namespace: the Organization owning it (set by the API server and controllers). */
export const ORGANIZATION_LABEL = 'orgplane.io/organization';

export const ORGANIZATION_PHASES = ['Active', 'Suspended', 'Terminating'] as const;
export type OrganizationPhase = (typeof ORGANIZATION_PHASES)[number];

/** Keys of quota and usage: "agents", or "<plural>.<group>" such as "rolebindings.rbac.authorization.k8s.io". */
const ObjectCounts = (description: string) => StringMap(Int64({ minimum: 0 }), { description });

export const OrganizationSpecSchema = Type.Object(
  {
    displayName: Type.Optional(Type.String({ description: 'Human-readable name of the organization.' })),
    description: Type.Optional(Type.String({ description: 'Free-text description of the organization.' })),
    domain: Type.Optional(
      Type.String({
        description: "The organization's primary DNS domain, e.g. acme.example.com.",
        maxLength: 253,
        pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
      }),
    ),
    plan: Type.Optional(
      Type.String({
        description: 'Billing plan of the organization, e.g. free or professional.',
        maxLength: 63,
      }),
    ),
    suspended: Type.Optional(
      Type.Boolean({
        description: 'Suspends the organization: its agents stop and its phase becomes Suspended.',
        default: false,
      }),
    ),
    features: Type.Optional(
      StringMap(Type.Boolean(), {
        description:
          'Feature flags of the organization, by name (e.g. customDashboards: true), stored as given; an unset flag takes its value from spec.template’s features.',
      }),
    ),
    quota: Type.Optional(
      ObjectCounts(
        'Maximum number of objects per resource in the organization, keyed by resource: "agents", or ' +
          '"<plural>.<group>" such as "rolebindings.rbac.authorization.k8s.io". Resources without a key are unlimited.',
      ),
    ),
    template: Type.Optional(
      Type.String({
        description:
          'OrganizationTemplate this organization starts from: its defaults fill unset spec fields at creation.',
        minLength: 1,
        maxLength: 253,
      }),
    ),
    admins: Type.Optional(
      ScalarSet(
        "Users bound to org-admin in the organization's namespace (the RoleBinding organization-admins).",
        Type.String({ minLength: 1, maxLength: 253, pattern: '^[^\\s\\x00-\\x1f\\x7f]+$' }),
      ),
    ),
    sso: Type.Optional(
      Type.Object(
        {
          organizationIds: Type.Optional(
            ScalarSet(
              "Organization ids in a trusted OIDC issuer's organizationClaim whose users are members.",
              Type.String({ minLength: 1 }),
            ),
          ),
          emailDomains: Type.Optional(
            ScalarSet(
              'Email domains whose users (email_verified tokens of a trusted OIDC issuer) are members.',
              Type.String({
                minLength: 1,
                maxLength: 253,
                pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$',
              }),
            ),
          ),
          role: Type.Optional(
            Type.String({
              description:
                "ClusterRole SSO members act with in the organization's namespaces (default viewer).",
              minLength: 1,
            }),
          ),
        },
        {
          description:
            'SSO membership: users of a trusted OIDC issuer matching an id or a verified email domain act with role here, as long as their token says so.',
        },
      ),
    ),
    rateLimits: Type.Optional(
      Type.Object(
        {
          requestsPerMinute: Type.Optional(
            Int64({
              description: 'Requests per minute (UTC clock minute) of the organization’s users.',
              minimum: 1,
            }),
          ),
          requestsPerDay: Type.Optional(
            Int64({ description: 'Requests per day (UTC) of the organization’s users.', minimum: 1 }),
          ),
        },
        {
          description:
            "Request quotas of the organization's users, in its namespaces and on this object: past a limit they get 429 TooManyRequests until the window ends. Cluster admins and the system never count.",
        },
      ),
    ),
    billing: Type.Optional(
      Type.Object(
        {
          email: Type.Optional(
            Type.String({ description: 'Billing contact email of the customer.', format: 'email' }),
          ),
          providers: Type.Optional(
            ScalarSet(
              'Billing providers to keep a customer in for this organization: lago, stripe.',
              StringEnum(BILLING_PROVIDERS),
            ),
          ),
        },
        { description: 'How the organization is billed.' },
      ),
    ),
  },
  { description: 'Desired state of the organization.' },
);

export const OrganizationStatusSchema = Type.Object(
  {
    phase: Type.Optional(
      StringEnum(ORGANIZATION_PHASES, { description: 'Lifecycle phase: Active, Suspended or Terminating.' }),
    ),
    usage: Type.Optional(
      ObjectCounts('Current number of objects per resource, with the same keys as spec.quota.'),
    ),
    billing: Type.Optional(
      Type.Object(
        {
          lagoCustomerId: Type.Optional(Type.String({ description: 'ID of the customer in Lago.' })),
          stripeCustomerId: Type.Optional(Type.String({ description: 'ID of the customer in Stripe.' })),
          syncedGeneration: Type.Optional(
            Int64({
              description: 'The metadata.generation last pushed to the billing providers.',
              minimum: 0,
            }),
          ),
        },
        { description: 'Customer records of the organization in the billing providers.' },
      ),
    ),
    template: Type.Optional(
      Type.Object(
        {
          name: Type.String({ description: 'The OrganizationTemplate applied.' }),
          generation: Int64({ description: 'The template’s metadata.generation applied.', minimum: 0 }),
        },
        { description: 'The template applied at creation; later edits of it change nothing here.' },
      ),
    ),
    requests: Type.Optional(
      Type.Object(
        {
          thisMinute: Int64({
            description: 'Requests served in the current minute (UTC).',
            minimum: 0,
          }),
          today: Int64({ description: 'Requests served today (UTC).', minimum: 0 }),
        },
        {
          description:
            "Requests of the organization's users served, as spec.rateLimits counts them; 429s and 403s are not (written at most every 10 s).",
        },
      ),
    ),
    members: Type.Optional(
      Int64({
        description:
          'Distinct users with a binding anywhere in the organization’s tree, group members included.',
        minimum: 0,
      }),
    ),
    teams: Type.Optional(Int64({ description: 'Number of Teams in the organization.', minimum: 0 })),
    conditions: Type.Optional(
      ConditionsSchema('Latest observations of the organization: Ready, QuotaExceeded, BillingSynced.'),
    ),
    observedGeneration: ObservedGeneration(),
  },
  { description: 'Observed state of the organization.', ...STATUS_DEFAULT },
);

export const OrganizationSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: Type.Optional(OrganizationSpecSchema),
    status: Type.Optional(OrganizationStatusSchema),
  },
  { description: 'Organization is a tenant: its namespace, quotas and billing customer.' },
);

export type OrganizationSpec = Static<typeof OrganizationSpecSchema>;
export type OrganizationStatus = Static<typeof OrganizationStatusSchema>;
export type Organization = KindType<typeof OrganizationSchema>;

export const organizationCRD = defineCRD({
  group: GROUP,
  version: VERSION,
  kind: 'Organization',
  plural: 'organizations',
  shortNames: ['org'],
  categories: ['orgplane'],
  scope: 'Cluster',
  schema: OrganizationSchema,
  printerColumns: [
    { name: 'Display Name', type: 'string', jsonPath: '.spec.displayName' },
    { name: 'Plan', type: 'string', jsonPath: '.spec.plan' },
    { name: 'Agents', type: 'integer', description: 'Agents in use', jsonPath: '.status.usage.agents' },
    { name: 'Max Agents', type: 'integer', description: 'Agent quota', jsonPath: '.spec.quota.agents' },
    {
      name: 'Billing',
      type: 'string',
      description: 'Reason of the BillingSynced condition',
      jsonPath: '.status.conditions[?(@.type=="BillingSynced")].reason',
    },
    { name: 'Members', type: 'integer', jsonPath: '.status.members' },
    { name: 'Teams', type: 'integer', jsonPath: '.status.teams' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    ageColumn(),
  ],
});
