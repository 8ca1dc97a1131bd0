/**
 * The server's own client of the registry (kube's loopback client): what the lifecycle loops,
 * audit and authentication may use. Objects are read through the stores (the watch cache serves
 * them) and written through the stores' verbs under a system identity, so they pass the same
 * pipeline as any request; the few atomic multi-key writes and internal records go through
 * `internal` (internal.ts). Storage itself stays behind the registry.
 */
import type { UserInfo } from '../../api/user.js';
import type { Registry } from './registry.js';
import type { WriteOptions } from './types.js';

export type SystemClient = Pick<Registry, 'catalog' | 'store' | 'strategy' | 'internal'>;

const SYSTEM_GROUPS = ['system:serviceaccounts', 'system:authenticated', 'system:masters'];

/** kube's loopback identity: the API server acting on its own behalf (audit's namespace). */
export const SYSTEM_APISERVER: UserInfo = {
  username: 'system:apiserver',
  groups: ['system:authenticated', 'system:masters'],
};

export const NAMESPACE_CONTROLLER: UserInfo = {
  username: 'system:serviceaccount:kube-system:namespace-controller',
  groups: SYSTEM_GROUPS,
};

export const CRD_CONTROLLER: UserInfo = {
  username: 'system:serviceaccount:kube-system:apiextensions-controller',
  groups: SYSTEM_GROUPS,
};

/** Options of a write made by the server itself. */
export function systemWrite(user: UserInfo, manager: string, subresource = ''): WriteOptions {
  return { dryRun: false, fieldManager: manager, fieldValidation: 'Ignore', user, subresource };
}

/** True for a kube Status error with this code (404 of an object already gone, 409 of a lost race). */
export function hasCode(err: unknown, code: number): boolean {
  return (err as { code?: unknown } | null)?.code === code;
}
