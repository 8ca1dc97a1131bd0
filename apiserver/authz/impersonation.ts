/**
 * Impersonation (kube's WithImpersonation filter): `Impersonate-User` and `Impersonate-Group`
 * headers make the request run as that user, if the caller may `impersonate` each of them
 * (resources `users` and `groups` in the core group). Groups are replaced, and the impersonated
 * user is in `system:authenticated` like any authenticated user.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { UserInfo } from '../../api/user.js';
import { ApiError } from '../errors/status.js';
import type { Authorizer } from './types.js';

const headerValues = (h: IncomingHttpHeaders, name: string): string[] => {
  const v = h[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
};

function denied(caller: UserInfo, resource: 'users' | 'groups', name: string, reason: string): ApiError {
  const msg = `${resource} ${JSON.stringify(name)} is forbidden: User ${JSON.stringify(caller.username)} cannot impersonate resource ${JSON.stringify(resource)} in API group "" at the cluster scope${reason ? `: ${reason}` : ''}`;
  return new ApiError(403, 'Forbidden', msg, { name, group: '', kind: resource });
}

/** The user the request runs as: the caller, or whom it impersonates (403 when not allowed). */
export async function impersonate(
  caller: UserInfo,
  headers: IncomingHttpHeaders,
  authz: Authorizer,
): Promise<UserInfo> {
  const users = headerValues(headers, 'impersonate-user');
  const groups = headerValues(headers, 'impersonate-group');
  if (users.length === 0) {
    if (groups.length > 0)
      throw new ApiError(400, 'BadRequest', 'requested impersonation of groups without impersonating a user');
    return caller;
  }
  if (users.length > 1)
    throw new ApiError(400, 'BadRequest', 'only one Impersonate-User header may be given');
  const username = users[0] ?? '';
  const wanted: ['users' | 'groups', string][] = [
    ['users', username],
    ...groups.map((g): ['groups', string] => ['groups', g]),
  ];
  for (const [resource, name] of wanted) {
    const r = await authz.authorize({
      user: caller,
      verb: 'impersonate',
      resourceRequest: true,
      group: '',
      version: '',
      resource,
      subresource: '',
      namespace: '',
      name,
      path: '',
    });
    if (r.decision !== 'allow') throw denied(caller, resource, name, r.reason);
  }
  return { username, groups: [...new Set([...groups, 'system:authenticated'])] };
}
