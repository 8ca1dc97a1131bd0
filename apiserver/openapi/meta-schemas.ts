/**
 * The apimachinery meta/v1 definitions a group-version document references: ObjectMeta (and what
 * it references, so `kubectl explain agent.metadata` works), ListMeta, Status, DeleteOptions and
 * Patch. Names and fields as kube publishes them.
 */
import { META_PREFIX, refProperty } from './names.js';
import type { Dialect, OpenAPISchema } from './types.js';

const DOCS = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';

export const API_VERSION_DESCRIPTION =
  'APIVersion defines the versioned schema of this representation of an object. Servers convert ' +
  `recognized schemas to the latest internal value and may reject unrecognized values. More info: ${DOCS}#resources`;
export const KIND_DESCRIPTION =
  'Kind is a string value representing the REST resource this object represents, in CamelCase. ' +
  `Servers may infer it from the endpoint the client submits requests to. More info: ${DOCS}#types-kinds`;

const str = (description: string): OpenAPISchema => ({ type: 'string', description });
const bool = (description: string): OpenAPISchema => ({ type: 'boolean', description });
const int = (format: 'int32' | 'int64', description: string): OpenAPISchema => ({
  type: 'integer',
  format,
  description,
});
const strMap = (description: string): OpenAPISchema => ({
  type: 'object',
  additionalProperties: { type: 'string', default: '' },
  description,
});
const strList = (description: string): OpenAPISchema => ({
  type: 'array',
  items: { type: 'string', default: '' },
  description,
});

const n = (name: string): string => META_PREFIX + name;

function objectMeta(d: Dialect): OpenAPISchema {
  const time = (description: string): OpenAPISchema => refProperty(d, n('Time'), description);
  return {
    type: 'object',
    description: 'ObjectMeta is metadata that all persisted resources must have.',
    properties: {
      annotations: strMap('Unstructured key/value data set by external tools; not queryable.'),
      creationTimestamp: time('The server time at which the object was created (RFC 3339, UTC). Read-only.'),
      deletionGracePeriodSeconds: int('int64', 'Seconds allowed for graceful termination. Read-only.'),
      deletionTimestamp: time(
        'The time after which the object will be deleted, set when deletion is requested.',
      ),
      finalizers: {
        ...strList('Entries that must be removed before the object is deleted from the registry.'),
        'x-kubernetes-list-type': 'set',
        'x-kubernetes-patch-strategy': 'merge',
      },
      generateName: str('A prefix the server uses to generate a unique name when name is not set.'),
      generation: int(
        'int64',
        'A sequence number of the desired state, incremented on spec changes. Read-only.',
      ),
      labels: strMap('Key/value pairs used to organize and select objects (label selectors).'),
      managedFields: {
        type: 'array',
        items: refProperty(d, n('ManagedFieldsEntry'), undefined, true),
        description: 'Which workflow (field manager) owns which fields of the object.',
        'x-kubernetes-list-type': 'atomic',
      },
      name: str('Name, unique within a namespace; required when creating unless generateName is set.'),
      namespace: str('The namespace the object belongs to; empty for cluster-scoped objects.'),
      ownerReferences: {
        type: 'array',
        items: refProperty(d, n('OwnerReference'), undefined, true),
        description: 'Objects this object depends on; when all owners are deleted it is garbage collected.',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['uid'],
        'x-kubernetes-patch-merge-key': 'uid',
        'x-kubernetes-patch-strategy': 'merge',
      },
      resourceVersion: str(
        'An opaque value identifying the internal version of the object, for concurrency control.',
      ),
      selfLink: str('Deprecated; not set.'),
      uid: str('Unique in time and space for this object; set by the server on creation. Read-only.'),
    },
  };
}

function managedFieldsEntry(d: Dialect): OpenAPISchema {
  return {
    type: 'object',
    description: 'A workflow (manager), the field set it owns, and the operation that set it.',
    properties: {
      apiVersion: str('The version of the resource the field set applies to.'),
      fieldsType: str('The format of fieldsV1; only "FieldsV1".'),
      fieldsV1: refProperty(d, n('FieldsV1'), 'The set of owned fields.'),
      manager: str('The identifier of the workflow managing these fields.'),
      operation: str('Apply or Update: the kind of request that produced this entry.'),
      subresource: str('The subresource used to update the object, empty for the main resource.'),
      time: refProperty(d, n('Time'), 'When the field set was last changed.'),
    },
  };
}

const ownerReference: OpenAPISchema = {
  type: 'object',
  description: 'Enough information to identify an owning object in the same namespace.',
  required: ['apiVersion', 'kind', 'name', 'uid'],
  properties: {
    apiVersion: str('API version of the referent.'),
    blockOwnerDeletion: bool(
      'If true, the owner cannot be deleted from storage before this reference is removed.',
    ),
    controller: bool('If true, this reference points to the managing controller.'),
    kind: str('Kind of the referent.'),
    name: str('Name of the referent.'),
    uid: str('UID of the referent.'),
  },
  'x-kubernetes-map-type': 'atomic',
};

const listMeta: OpenAPISchema = {
  type: 'object',
  description: 'Metadata that synthetic resources (lists) have.',
  properties: {
    continue: str('Set when more results are available: pass it as the continue parameter of the next list.'),
    remainingItemCount: int('int64', 'The number of items not yet returned, when known.'),
    resourceVersion: str('The version of the list; a watch may start from it.'),
    selfLink: str('Deprecated; not set.'),
  },
};

function status(d: Dialect): OpenAPISchema {
  return {
    type: 'object',
    description: 'Status is the return value of calls that do not return other objects.',
    properties: {
      apiVersion: str(API_VERSION_DESCRIPTION),
      code: int('int32', 'Suggested HTTP return code for this status.'),
      details: refProperty(d, n('StatusDetails'), 'Extended data associated with the reason.'),
      kind: str(KIND_DESCRIPTION),
      message: str('A human-readable description of the status.'),
      metadata: refProperty(d, n('ListMeta'), 'Standard list metadata.', true),
      reason: str('A machine-readable description of why the operation is in the Failure status.'),
      status: str('Success or Failure.'),
    },
    'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Status' }],
  };
}

function statusDetails(d: Dialect): OpenAPISchema {
  return {
    type: 'object',
    description: 'Additional properties a Status may carry.',
    properties: {
      causes: {
        type: 'array',
        items: refProperty(d, n('StatusCause'), undefined, true),
        description: 'Causes.',
      },
      group: str('The group of the resource.'),
      kind: str('The kind of the resource.'),
      name: str('The name of the resource.'),
      retryAfterSeconds: int('int32', 'Seconds to wait before retrying.'),
      uid: str('The UID of the resource.'),
    },
  };
}

function deleteOptions(d: Dialect): OpenAPISchema {
  return {
    type: 'object',
    description: 'DeleteOptions may be provided when deleting an API object.',
    properties: {
      apiVersion: str(API_VERSION_DESCRIPTION),
      dryRun: strList('When ["All"], the deletion is validated but not persisted.'),
      gracePeriodSeconds: int('int64', 'Seconds before the object should be deleted.'),
      kind: str(KIND_DESCRIPTION),
      orphanDependents: bool('Deprecated: use propagationPolicy.'),
      preconditions: refProperty(d, n('Preconditions'), 'Must hold for the deletion to proceed (else 409).'),
      propagationPolicy: str('Orphan, Background or Foreground: how dependents are garbage collected.'),
    },
    'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'DeleteOptions' }],
  };
}

/** Every meta/v1 definition, keyed by its full name. */
export function metaSchemas(d: Dialect): Record<string, OpenAPISchema> {
  return {
    [n('DeleteOptions')]: deleteOptions(d),
    [n('FieldsV1')]: { type: 'object', description: 'FieldsV1 stores a set of fields as a JSON trie.' },
    [n('ListMeta')]: listMeta,
    [n('ManagedFieldsEntry')]: managedFieldsEntry(d),
    [n('ObjectMeta')]: objectMeta(d),
    [n('OwnerReference')]: ownerReference,
    [n('Patch')]: { type: 'object', description: 'The body of a PATCH request.' },
    [n('Preconditions')]: {
      type: 'object',
      description: 'Conditions that must hold before an operation is carried out.',
      properties: { resourceVersion: str('The target resourceVersion.'), uid: str('The target UID.') },
    },
    [n('Status')]: status(d),
    [n('StatusCause')]: {
      type: 'object',
      description: 'More information about a failure.',
      properties: {
        field: str('The field of the resource that caused the error.'),
        message: str('A human-readable description of the cause.'),
        reason: str('A machine-readable description of the cause.'),
      },
    },
    [n('StatusDetails')]: statusDetails(d),
    [n('Time')]: { type: 'string', format: 'date-time', description: 'An RFC 3339 timestamp.' },
  };
}
