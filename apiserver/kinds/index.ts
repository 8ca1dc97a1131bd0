/** Kind-specific hooks by group/resource; every other kind uses the generic strategy alone. */
import type { ResourceInfo } from '../../api/resource.js';
import type { KindHooks } from '../registry/types.js';
import { crdHooks } from './crd.js';
import { namespaceHooks } from './namespace.js';
import { organizationTemplateHooks } from './orgtemplate.js';

export function kindHooks(
  now: () => Date,
  extra: Readonly<Record<string, KindHooks>> = {},
): (res: ResourceInfo) => KindHooks {
  const table: Record<string, KindHooks> = {
    '/namespaces': namespaceHooks,
    'apiextensions.k8s.io/customresourcedefinitions': crdHooks(now),
    'orgplane.io/organizationtemplates': organizationTemplateHooks,
    ...extra,
  };
  return (res) => table[`${res.group}/${res.plural}`] ?? {};
}
