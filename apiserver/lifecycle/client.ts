/**
 * What the lifecycle loops may use of the server: the registry's stores and catalog, never its
 * storage. Every read goes through the store (the watch cache serves it) and every write through
 * the store's verbs with a system identity, as kube's controllers do over loopback.
 */
import type { UserInfo } from '../../api/user.js';
import type { Registry } from '../registry/registry.js';
import type { WriteOptions } from '../registry/types.js';

export type LoopRegistry = Pick<Registry, 'catalog' | 'store'>;

export const NAMESPACE_CONTROLLER: UserInfo = {
  username: 'system:serviceaccount:kube-system:namespace-controller',
  groups: ['system:serviceaccounts', 'system:authenticated', 'system:masters'],
};

export const CRD_CONTROLLER: UserInfo = {
  ...NAMESPACE_CONTROLLER,
  username: 'system:serviceaccount:kube-system:apiextensions-controller',
};

/** Options of a write made by a system loop. */
export function systemWrite(user: UserInfo, manager: string, subresource = ''): WriteOptions {
  return { dryRun: false, fieldManager: manager, fieldValidation: 'Ignore', user, subresource };
}

/** True for a kube Status error with this code (404 of an object already gone, 409 of a lost race). */
export function hasCode(err: unknown, code: number): boolean {
  return (err as { code?: unknown } | null)?.code === code;
}
