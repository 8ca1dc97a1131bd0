/** The console's data layer: everything a page needs to read, watch and write the API. */
export { request, apiFetch, CONSOLE_HEADERS, type RequestOptions } from './request';
export { ApiRequestError } from './errors';
export { useLiveList, useLiveObject, type LiveList, type LiveListOptions, type LiveObject } from './live';
export { useCan, can, forgetAccess } from './can';
export { signIn, signOut, currentSession, type Session, type Credentials } from './session';
export { EXPIRED_MESSAGE, onSessionExpired } from './expiry';
export {
  resourcePath,
  withQuery,
  pages,
  parseResource,
  ORGANIZATIONS,
  AGENTS,
  TEAMS,
  GROUPS,
  AUDIT_EVENTS,
  ROLE_BINDINGS,
  EVENTS,
  SECRETS,
  CONFIG_MAPS,
  NAMESPACES,
  type ResourceRef,
} from './paths';
export type * from './types';
