/**
 * Every kind's strategy, by group/resource (kube's per-kind REST strategies); a kind without one
 * is served by the generic strategy alone. Adding a kind: its file in api/, a strategy file here
 * when it has rules of its own, and its line in the table below.
 */
import type { ResourceInfo } from '../../api/resource.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';
import type { InternalStore } from '../registry/internal.js';
import type { KindStrategy } from '../registry/types.js';
import { auditEventStrategy } from './auditevent.js';
import { configMapStrategy } from './configmap.js';
import { crdStrategy } from './crd.js';
import { eventStrategy } from './event.js';
import { namespaceStrategy } from './namespace.js';
import { organizationStrategy } from './organization.js';
import { organizationTemplateHooks } from './orgtemplate.js';
import { rbacStrategies } from './rbac.js';
import { secretStrategy } from './secret.js';
import { serviceAccountStrategy } from './serviceaccount.js';

export interface KindDeps {
  readonly now: () => Date;
  /** reads the strategies' admission needs besides the object itself (an organization's namespace) */
  readonly internal: Pick<InternalStore, 'incarnation'>;
  readonly namespaceResource: () => ResourceInfo | undefined;
}

export type StrategyOf = (res: Pick<ResourceInfo, 'group' | 'plural'>) => KindStrategy;

export function kindStrategies(
  deps: KindDeps,
  extra: Readonly<Record<string, KindStrategy>> = {},
): StrategyOf {
  const table: Record<string, KindStrategy> = {
    '/namespaces': namespaceStrategy,
    '/events': eventStrategy,
    '/configmaps': configMapStrategy,
    '/secrets': secretStrategy,
    'apiextensions.k8s.io/customresourcedefinitions': crdStrategy(deps.now),
    'orgplane.io/organizations': organizationStrategy(deps),
    'orgplane.io/organizationtemplates': organizationTemplateHooks,
    'orgplane.io/auditevents': auditEventStrategy,
    'orgplane.io/serviceaccounts': serviceAccountStrategy,
    ...rbacStrategies(),
    ...extra,
  };
  return (res) => table[`${res.group}/${res.plural}`] ?? {};
}

/** The kinds' own admission plugins, run as one step of the server's chain. */
export function kindAdmission(strategyOf: StrategyOf): AdmissionPlugin {
  const handling = (a: Attributes): AdmissionPlugin[] =>
    (strategyOf(a.resource).admission ?? []).filter((p) => p.handles(a));
  return {
    name: 'KindStrategies',
    handles: (a) => handling(a).length > 0,
    async admit(a) {
      for (const p of handling(a)) await p.admit?.(a);
    },
    async validate(a) {
      for (const p of handling(a)) await p.validate?.(a);
    },
  };
}
