/**
 * POST /apis/orgplane.io/v1alpha1/serviceaccounts/{name}/token (special handler key
 * 'orgplane.io/serviceaccounts/token'): an authentication.k8s.io/v1 TokenRequest answered 201
 * with status.token and status.expirationTimestamp, as kube's serviceaccounts/token. The token
 * is bound to the account's uid. expirationSeconds defaults to 1h, must be at least 10 minutes
 * and is capped at the maximum lifetime; audiences default to the server's issuer.
 */
import { badRequest, forbidden, invalid } from '../errors/status.js';
import type { HandlerContext } from '../handlers/context.js';
import { decodeObjectBody, readBody } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import type { AccountIndex } from './accounts.js';
import { rfc3339Seconds } from '../../api/time.js';
import { TOKEN_LIFETIME, type TokenIssuer } from './tokens.js';

export interface TokenRequestDeps {
  readonly issue: TokenIssuer;
  readonly accounts: Pick<AccountIndex, 'caughtUp'>;
  /** the default audience */
  readonly issuer: () => string;
  readonly now: () => Date;
  readonly maxExpirationSeconds?: number;
}

const TR_GK = { group: 'authentication.k8s.io', kind: 'TokenRequest' };
const TR_API_VERSION = 'authentication.k8s.io/v1';

interface Cause {
  field: string;
  reason: string;
  message: string;
  detail: string;
}
const cause = (field: string, reason: string, detail: string): Cause => ({
  field,
  reason,
  message: `${field}: ${detail}`,
  detail,
});

interface TokenSpec {
  readonly audiences: string[];
  readonly expirationSeconds: number;
}

function expirationProblem(exp: unknown): string | undefined {
  if (typeof exp !== 'number' || !Number.isInteger(exp))
    return `Invalid value: ${JSON.stringify(exp)}: must be an integer`;
  if (exp < TOKEN_LIFETIME.minSeconds)
    return `Invalid value: ${exp}: may not specify a duration less than 10 minutes`;
  if (exp > 2 ** 32) return `Invalid value: ${exp}: may not specify a duration larger than 2^32 seconds`;
  return undefined;
}

function checkTypeMeta(body: Record<string, unknown>): void {
  if (body.apiVersion !== undefined && body.apiVersion !== TR_API_VERSION)
    throw badRequest(
      `the API version in the data (${JSON.stringify(body.apiVersion)}) does not match the expected API version (${TR_API_VERSION})`,
    );
  if (body.kind !== undefined && body.kind !== 'TokenRequest')
    throw badRequest(
      `the kind in the data (${JSON.stringify(body.kind)}) does not match the expected kind (TokenRequest)`,
    );
}

function specOf(body: Record<string, unknown>, deps: TokenRequestDeps, name: string): TokenSpec {
  checkTypeMeta(body);
  const spec = (typeof body.spec === 'object' && body.spec !== null ? body.spec : {}) as Record<
    string,
    unknown
  >;
  const causes: Cause[] = [];
  const exp = spec.expirationSeconds ?? TOKEN_LIFETIME.defaultSeconds;
  const expProblem = expirationProblem(exp);
  if (expProblem !== undefined) causes.push(cause('spec.expirationSeconds', 'FieldValueInvalid', expProblem));
  const auds = spec.audiences ?? [];
  if (!Array.isArray(auds) || auds.some((a) => typeof a !== 'string' || a === ''))
    causes.push(
      cause('spec.audiences', 'FieldValueInvalid', 'Invalid value: "": must be a list of non-empty strings'),
    );
  if (spec.boundObjectRef !== undefined && spec.boundObjectRef !== null)
    causes.push(
      cause(
        'spec.boundObjectRef',
        'FieldValueNotSupported',
        'Unsupported value: bound tokens are not supported',
      ),
    );
  if (causes.length > 0) throw invalid(TR_GK, name, causes);
  const max = deps.maxExpirationSeconds ?? TOKEN_LIFETIME.maxSeconds;
  const audiences = (auds as string[]).length > 0 ? [...new Set(auds as string[])] : [deps.issuer()];
  return { audiences, expirationSeconds: Math.min(exp as number, max) };
}

export function serviceAccountTokenHandler(deps: TokenRequestDeps) {
  return async (ctx: HandlerContext): Promise<void> => {
    const gr = { group: ctx.res.group, resource: ctx.res.plural };
    const name = ctx.info.name;
    const account = await ctx.store.get('', name);
    const body = await readBody(ctx.req);
    if (body.length === 0) throw badRequest('the body of the request was empty');
    const raw = decodeObjectBody(body, ctx.req.headers['content-type'], undefined);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw badRequest('the body of the request must be a JSON object');
    const spec = specOf(raw as Record<string, unknown>, deps, name);
    const disabled = (account.spec as { disabled?: unknown } | undefined)?.disabled === true;
    if (disabled || account.metadata.deletionTimestamp !== undefined)
      throw forbidden(gr, name, 'the service account is disabled');
    const uid = account.metadata.uid ?? '';
    // the token must work here at once: wait until the account index has seen this account
    await deps.accounts.caughtUp(Number(account.metadata.resourceVersion ?? '0'), 2000);
    const issued = await deps.issue({ account: { name, uid }, ...spec });
    ctx.resp.setHeader('Cache-Control', 'no-store');
    sendJson(ctx.resp, 201, {
      apiVersion: TR_API_VERSION,
      kind: 'TokenRequest',
      metadata: { name, creationTimestamp: rfc3339Seconds(deps.now().getTime()) },
      spec: { audiences: spec.audiences, expirationSeconds: spec.expirationSeconds, boundObjectRef: null },
      status: { token: issued.token, expirationTimestamp: rfc3339Seconds(issued.expiresAt.getTime()) },
    });
  };
}
