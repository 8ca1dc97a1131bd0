/** Glue from the registry's and handlers' interfaces to the pure modules behind them. */
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { AUDIT_EVENTS_FIELDSET_KEY, auditEventFieldSet } from '../audit/index.js';
import { createFieldManager } from '../fieldmanager/index.js';
import type { HandlerServices } from '../handlers/context.js';
import type { Metrics } from '../observability/metrics.js';
import type { FieldManager, ObjectValidator } from '../registry/types.js';
import { applyDefaults, pruneUnknown, validateResource } from '../schema/index.js';
import { presenter } from './present.js';
import { decodeProtobufObject } from '../protobuf/index.js';
import { selection } from './select.js';

/** kube's name rules: namespaces (and Organizations, which name one) are labels; RBAC names are path segments. */
const nameRule = (res: ResourceInfo): 'label' | 'subdomain' | 'pathSegment' => {
  if (
    (res.group === '' && res.plural === 'namespaces') ||
    (res.group === 'orgplane.io' && res.plural === 'organizations')
  )
    return 'label';
  return res.group === 'rbac.authorization.k8s.io' ? 'pathSegment' : 'subdomain';
};

export function objectValidator(): ObjectValidator {
  return {
    prune: (res, obj) => pruneUnknown(obj, res.schema),
    applyDefaults: (res, obj) => {
      applyDefaults(obj, res.schema);
    },
    validate: (res: ResourceInfo, obj: KubeObject, old: KubeObject | undefined) =>
      validateResource(obj, { schema: res.schema, namespaced: res.namespaced, nameRule: nameRule(res) }, old),
  };
}

export function fieldManager(now: () => Date): FieldManager {
  return createFieldManager(now);
}

/** Field selectors of kinds beyond metadata and the built-ins. */
const EXTRA_FIELDS = new Map([[AUDIT_EVENTS_FIELDSET_KEY, auditEventFieldSet]]);

export function handlerServices(metrics: Metrics, shutdown: AbortSignal): HandlerServices {
  return {
    presenter,
    shutdown,
    select: (res, labels, fields) => selection(res, labels, fields, EXTRA_FIELDS),
    protobuf: decodeProtobufObject,
    bookmarkIntervalMs: 15_000,
    onWatchEvent: (res, count) => {
      metrics.watchEvents.inc({ group: res.group, version: res.version, kind: res.kind }, count);
    },
  };
}
