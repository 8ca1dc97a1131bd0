/**
 * AuditEvent (orgplane.io/v1alpha1, namespaced, read-only): one audit.k8s.io/v1 Event kept as an
 * object in the namespace of the organization the request touched (cluster-level requests in
 * orgplane-system), carrying the Event's fields at top level as core Events carry theirs.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ageColumn, defineCRD } from './definition.js';
import { GROUP, VERSION } from './group.js';
import {
  Int32,
  PreserveUnknown,
  StringEnum,
  StringMap,
  Timestamp,
  TypeMetaProperties,
  type KindType,
} from './schema.js';

export const AUDIT_LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
export type AuditLevel = (typeof AUDIT_LEVELS)[number];
export const AUDIT_STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const;
export type AuditStage = (typeof AUDIT_STAGES)[number];

/** The annotation holding the authorizer's decision: "allow" or "forbid". */
export const DECISION_ANNOTATION = 'authorization.k8s.io/decision';

const userInfo = (description: string) =>
  Type.Object(
    {
      username: Type.Optional(Type.String({ description: 'Name that identifies the user.' })),
      uid: Type.Optional(Type.String({ description: 'Unique identifier of the user across time.' })),
      groups: Type.Optional(Type.Array(Type.String(), { description: 'Groups the user belongs to.' })),
      extra: Type.Optional(
        StringMap(Type.Array(Type.String()), {
          description: 'Extra attributes provided by the authenticator.',
        }),
      ),
    },
    { description },
  );

export const AuditObjectRefSchema = Type.Object(
  {
    resource: Type.Optional(Type.String({ description: 'Resource (plural) the request addressed.' })),
    namespace: Type.Optional(Type.String({ description: 'Namespace of the object.' })),
    name: Type.Optional(Type.String({ description: 'Name of the object.' })),
    uid: Type.Optional(Type.String({ description: 'UID of the object.' })),
    apiGroup: Type.Optional(Type.String({ description: 'API group of the resource; empty for core.' })),
    apiVersion: Type.Optional(Type.String({ description: 'Version of the API group.' })),
    resourceVersion: Type.Optional(Type.String({ description: 'resourceVersion of the object.' })),
    subresource: Type.Optional(Type.String({ description: 'Subresource addressed, e.g. status.' })),
  },
  { description: 'The object the request addressed.' },
);

export const AuditEventSchema = Type.Object(
  {
    ...TypeMetaProperties,
    level: StringEnum(AUDIT_LEVELS, { description: 'Audit level the event was generated at.' }),
    auditID: Type.String({
      description: 'Unique audit ID of the request, also sent as the Audit-ID header.',
    }),
    stage: StringEnum(AUDIT_STAGES, {
      description: 'Stage of the request handling the event was recorded at.',
    }),
    requestURI: Type.String({ description: 'RequestURI the client sent.' }),
    verb: Type.String({ description: 'Kubernetes verb of the request, e.g. get, list, create, watch.' }),
    user: userInfo('Authenticated user who made the request.'),
    impersonatedUser: Type.Optional(userInfo('User impersonated by the requester, if any.')),
    sourceIPs: Type.Optional(
      Type.Array(Type.String(), { description: 'Source IPs of the request, from the origin to the server.' }),
    ),
    userAgent: Type.Optional(Type.String({ description: 'User agent string the client sent.' })),
    objectRef: Type.Optional(AuditObjectRefSchema),
    responseStatus: Type.Optional(
      Type.Unsafe<Record<string, unknown>>({
        type: 'object',
        description: 'Response status (a meta/v1 Status); for successes only the code.',
        'x-kubernetes-preserve-unknown-fields': true,
        properties: {
          code: Int32({ description: 'HTTP status code of the response.' }),
          status: Type.String({ description: 'Success or Failure.' }),
          reason: Type.String({ description: 'Machine-readable reason of a failure.' }),
          message: Type.String({ description: 'Human-readable description of the result.' }),
        },
      }),
    ),
    requestObject: Type.Optional(
      PreserveUnknown({
        description: 'Request body, at levels Request and RequestResponse; secrets removed.',
      }),
    ),
    responseObject: Type.Optional(
      PreserveUnknown({ description: 'Response body, at level RequestResponse; secrets removed.' }),
    ),
    requestReceivedTimestamp: Type.Optional(Timestamp('Time the request reached the server.')),
    stageTimestamp: Type.Optional(Timestamp('Time the request reached the current audit stage.')),
    annotations: Type.Optional(
      StringMap(Type.String(), {
        description: `Annotations set while serving the request, e.g. ${DECISION_ANNOTATION} (allow or forbid).`,
      }),
    ),
  },
  { description: 'AuditEvent is the audit record of one API request (an audit.k8s.io/v1 Event).' },
);

export type AuditObjectRef = Static<typeof AuditObjectRefSchema>;
export type AuditEvent = KindType<typeof AuditEventSchema>;

export const auditEventCRD = defineCRD({
  group: GROUP,
  version: VERSION,
  kind: 'AuditEvent',
  plural: 'auditevents',
  categories: ['orgplane'],
  scope: 'Namespaced',
  schema: AuditEventSchema,
  printerColumns: [
    { name: 'User', type: 'string', jsonPath: '.user.username' },
    { name: 'Verb', type: 'string', jsonPath: '.verb' },
    { name: 'Resource', type: 'string', jsonPath: '.objectRef.resource' },
    { name: 'Object', type: 'string', priority: 1, jsonPath: '.objectRef.name' },
    {
      name: 'Decision',
      type: 'string',
      jsonPath: `.annotations.${DECISION_ANNOTATION.replaceAll('.', '\\.')}`,
    },
    { name: 'Code', type: 'integer', jsonPath: '.responseStatus.code' },
    ageColumn('.requestReceivedTimestamp'),
  ],
});
