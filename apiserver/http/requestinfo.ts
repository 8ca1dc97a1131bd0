/**
 * Parses a resource URL the way kube's RequestInfoFactory does:
 *   /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}
 *   /apis/{group}/{version}/{resource}/{name}/{subresource}
 * /api/v1/namespaces/{name} (and its status/finalize subresources) is the namespace itself.
 */
export type RequestVerb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface RequestInfo {
  readonly apiPrefix: 'api' | 'apis';
  readonly group: string;
  readonly version: string;
  readonly namespace: string;
  readonly resource: string;
  readonly name: string;
  readonly subresource: string;
  readonly verb: RequestVerb;
  readonly path: string;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function verbFor(method: string, hasName: boolean, watchParam: boolean): RequestVerb | undefined {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watchParam) return 'watch';
      return hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}

/** kube reads `watch` like any bool query parameter: present and not "0"/"false" is true. */
export function watchParam(params: URLSearchParams): boolean {
  const v = params.get('watch');
  return v !== null && !['0', 'false', 'False', 'FALSE'].includes(v);
}

/** undefined when the path is not a resource request (discovery paths, unknown shapes). */
export function parseRequestInfo(method: string, path: string, watchParam: boolean): RequestInfo | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  const prefix = parts.shift();
  if (prefix !== 'api' && prefix !== 'apis') return undefined;
  let group = '';
  if (prefix === 'apis') {
    group = parts.shift() ?? '';
    if (group === '') return undefined;
  }
  const version = parts.shift() ?? '';
  if (version === '' || parts.length === 0) return undefined;
  let watch = watchParam;
  if (parts[0] === 'watch') {
    parts.shift();
    watch = true;
  }
  let namespace = '';
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1] ?? '';
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2] ?? '')) parts.splice(0, 2);
  }
  if (parts.length > 3 || parts.some((p) => p.includes('\0'))) return undefined;
  const [resource = '', name = '', subresource = ''] = parts.map((p) => decodeURIComponentSafe(p));
  const verb = verbFor(method, name !== '', watch);
  if (!verb) return undefined;
  return { apiPrefix: prefix, group, version, namespace, resource, name, subresource, verb, path };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The request's URL from its raw target. The target is appended to a fixed origin, so a path
 * starting with "//" is a path, never a host (new URL("//x", base) would read "x" as a host).
 */
export function requestURL(target: string): URL {
  return new URL(`https://localhost${target.startsWith('/') ? '' : '/'}${target}`);
}
