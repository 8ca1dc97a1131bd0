/**
 * Which priority level and flow a request belongs to (kube's FlowSchemas, fixed to what a
 * multi-tenant control plane needs):
 * - exempt: system:masters (the bootstrap admin, in-process controllers) and health probes;
 * - system: other `system:` identities and the orgplane:controllers group (controllers running
 *   as their own service account), in a level of their own so tenants cannot starve them;
 * - workload: everyone else, one flow per organization (the request's namespace), or per user
 *   for requests outside any namespace.
 * Watches are long-running and take no seat (kube counts only their start).
 */
import type { UserInfo } from '../../api/user.js';

export type PriorityLevel = 'exempt' | 'system' | 'workload';

export const CONTROLLERS_GROUP = 'orgplane:controllers';

export interface Classified {
  readonly level: PriorityLevel;
  readonly flow: string;
}

export function classify(user: UserInfo, namespace: string, verb: string | undefined): Classified {
  if (verb === 'watch' || user.groups.includes('system:masters')) return { level: 'exempt', flow: '' };
  if (user.username.startsWith('system:') || user.groups.includes(CONTROLLERS_GROUP))
    return { level: 'system', flow: `user:${user.username}` };
  return { level: 'workload', flow: namespace !== '' ? `ns:${namespace}` : `user:${user.username}` };
}
