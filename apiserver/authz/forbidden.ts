/** kube's 403 wording for a denied request (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters). */
import { ApiError } from '../errors/status.js';
import type { AuthzAttributes } from './types.js';

export function forbiddenMessage(a: AuthzAttributes, reason: string): string {
  const user = `User ${JSON.stringify(a.user.username)}`;
  const tail = reason ? `: ${reason}` : '';
  if (!a.resourceRequest) return `forbidden: ${user} cannot ${a.verb} path ${JSON.stringify(a.path)}${tail}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const gr = a.group === '' ? a.resource : `${a.resource}.${a.group}`;
  const named = a.name ? `${gr} ${JSON.stringify(a.name)}` : gr;
  const scope = a.namespace ? ` in the namespace ${JSON.stringify(a.namespace)}` : ' at the cluster scope';
  return `${named} is forbidden: ${user} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.group)}${scope}${tail}`;
}

export function forbiddenError(a: AuthzAttributes, reason: string): ApiError {
  return new ApiError(403, 'Forbidden', forbiddenMessage(a, reason), {
    ...(a.name ? { name: a.name } : {}),
    group: a.group,
    kind: a.resource,
  });
}
