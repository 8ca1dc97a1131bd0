/** A request's authorization attributes, from its method, path and parsed RequestInfo. */
import type { RequestInfo } from '../http/requestinfo.js';
import type { RequestAttributes } from './types.js';

/** The verbs of non-resource requests: the lower-case HTTP method (HEAD reads as get). */
const NON_RESOURCE_VERBS: Readonly<Record<string, string>> = {
  GET: 'get',
  HEAD: 'get',
  POST: 'post',
  PUT: 'put',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** `info` undefined: a non-resource request (/healthz, /version, /apis, ...). */
export function requestAttributesOf(
  method: string,
  path: string,
  info: RequestInfo | undefined,
): RequestAttributes {
  if (!info) {
    const verb = NON_RESOURCE_VERBS[method] ?? method.toLowerCase();
    const none = { group: '', version: '', resource: '', subresource: '', namespace: '', name: '' };
    return { resourceRequest: false, verb, path, ...none };
  }
  const { verb, group, version, resource, subresource, namespace, name } = info;
  return { resourceRequest: true, verb, group, version, resource, subresource, namespace, name, path };
}
