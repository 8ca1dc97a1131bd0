/** Glue from the registry's and handlers' interfaces to the pure modules behind them. */
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { createFieldManager } from '../fieldmanager/index.js';
import type { HandlerServices } from '../handlers/context.js';
import type { Metrics } from '../observability/metrics.js';
import type { FieldManager, KindStrategy, ObjectValidator } from '../registry/types.js';
import { applyDefaults, pruneUnknown, validateResource } from '../schema/index.js';
import { presenter } from './present.js';
import { decodeProtobufObject } from '../protobuf/index.js';
import { selection } from './select.js';

type StrategyOf = (res: ResourceInfo) => KindStrategy;

export function objectValidator(strategyOf: StrategyOf): ObjectValidator {
  return {
    prune: (res, obj) => pruneUnknown(obj, res.schema),
    applyDefaults: (res, obj) => {
      applyDefaults(obj, res.schema);
    },
    validate: (res: ResourceInfo, obj: KubeObject, old: KubeObject | undefined) =>
      validateResource(
        obj,
        { schema: res.schema, namespaced: res.namespaced, nameRule: strategyOf(res).nameRule ?? 'subdomain' },
        old,
      ),
  };
}

export function fieldManager(now: () => Date): FieldManager {
  return createFieldManager(now);
}

export function handlerServices(
  metrics: Metrics,
  shutdown: AbortSignal,
  strategyOf: StrategyOf,
): HandlerServices {
  return {
    presenter,
    shutdown,
    select: (res, labels, fields) => selection(res, labels, fields, strategyOf(res).fields),
    protobuf: decodeProtobufObject,
    bookmarkIntervalMs: 15_000,
    onWatchEvent: (res, count) => {
      metrics.watchEvents.inc({ group: res.group, version: res.version, kind: res.kind }, count);
    },
  };
}
