/**
 * Users for the console's browser tests, made with the admin's kubectl on an E2eServer: an
 * Organization, a global ServiceAccount bound to a role in it (org-admin or viewer), a password set
 * through the serviceaccounts/password subresource, and a token from serviceaccounts/token.
 */
import type { E2eServer } from './e2e.js';

export type OrgRole = 'org-admin' | 'viewer' | 'developer' | 'deployer';

export interface ConsoleUser {
  readonly username: string;
  readonly password: string;
  /** a one-hour service account token (for token sign-in) */
  readonly token: string;
  readonly organization: string;
  readonly role: OrgRole;
}

const SA_BASE = '/apis/orgplane.io/v1alpha1/serviceaccounts';

async function kubectlOk(server: E2eServer, args: string[], stdin?: string): Promise<string> {
  const r = await server.kubectl(args, stdin === undefined ? {} : { stdin });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${String(r.code)}):\n${r.stderr}`);
  return r.stdout;
}

/** Creates an Organization unless it exists (an existing one is left as it is). */
export async function createOrganization(server: E2eServer, name: string, displayName = name): Promise<void> {
  const r = await server.kubectl(['create', '-f', '-'], {
    stdin: `apiVersion: orgplane.io/v1alpha1\nkind: Organization\nmetadata: {name: ${name}}\nspec: {displayName: ${JSON.stringify(displayName)}}\n`,
  });
  if (r.code !== 0 && !r.stderr.includes('AlreadyExists'))
    throw new Error(`kubectl create organization ${name} failed (${String(r.code)}):\n${r.stderr}`);
}

/** A one-hour token for a global ServiceAccount (TokenRequest). */
export async function tokenFor(server: E2eServer, username: string): Promise<string> {
  const out = await kubectlOk(
    server,
    ['create', '--raw', `${SA_BASE}/${username}/token`, '-f', '-'],
    '{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":3600}}',
  );
  return (JSON.parse(out) as { status: { token: string } }).status.token;
}

/** Sets a ServiceAccount's password (the serviceaccounts/password subresource). */
export async function setPassword(server: E2eServer, username: string, password: string): Promise<void> {
  await kubectlOk(
    server,
    ['create', '--raw', `${SA_BASE}/${username}/password`, '-f', '-'],
    JSON.stringify({ password }),
  );
}

/**
 * Creates the Organization (if missing; create it first for a display name), a ServiceAccount `username` bound to `role` in it with a
 * RoleBinding `<username>-<role>`, sets its password and asks for a token.
 */
export async function createOrgUser(
  server: E2eServer,
  organization: string,
  username: string,
  role: OrgRole,
): Promise<ConsoleUser> {
  await createOrganization(server, organization);
  await kubectlOk(
    server,
    ['apply', '-f', '-'],
    `apiVersion: orgplane.io/v1alpha1
kind: ServiceAccount
metadata: {name: ${username}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${username}-${role}, namespace: ${organization}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ${username}}]
`,
  );
  const password = `correct horse battery staple ${username}`;
  await setPassword(server, username, password);
  return { username, password, token: await tokenFor(server, username), organization, role };
}

export const createOrgAdmin = (
  server: E2eServer,
  organization: string,
  username: string,
): Promise<ConsoleUser> => createOrgUser(server, organization, username, 'org-admin');

export const createViewer = (
  server: E2eServer,
  organization: string,
  username: string,
): Promise<ConsoleUser> => createOrgUser(server, organization, username, 'viewer');
