/**
 * POST /apis/orgplane.io/v1alpha1/serviceaccounts/{name}/password (special handler key
 * 'orgplane.io/serviceaccounts/password') with {"password": "..."}: stores an scrypt hash bound to
 * the account's uid, in one transaction guarded by the account's incarnation (createRevision), so
 * a password never lands on an account that was deleted or recreated meanwhile. Answers 201 with
 * a Success Status; the password is never echoed, stored in clear or logged.
 */
import { conflict, invalid, notFound } from '../errors/status.js';
import type { HandlerContext } from '../handlers/context.js';
import { dryRunOf } from '../http/query.js';
import { sendJson } from '../http/respond.js';
import { passwordKey } from '../kinds/serviceaccount.js';
import type { InternalStore } from '../registry/internal.js';
import { DEFAULT_SCRYPT, hashPassword, passwordProblem, type ScryptParams } from './passwords.js';
import { readSecretBody } from './secret-body.js';

export interface PasswordHandlerDeps {
  readonly internal: Pick<InternalStore, 'incarnation' | 'transact'>;
  readonly now: () => Date;
  readonly scrypt?: ScryptParams;
}

export function serviceAccountPasswordHandler(deps: PasswordHandlerDeps) {
  return async (ctx: HandlerContext): Promise<void> => {
    const gr = { group: ctx.res.group, resource: ctx.res.plural };
    const name = ctx.info.name;
    if (!(await deps.internal.incarnation(ctx.res, '', name))) throw notFound(gr, name);
    const body = await readSecretBody(ctx.req);
    const problem = passwordProblem(body.password);
    if (problem !== undefined)
      throw invalid({ group: ctx.res.group, kind: ctx.res.kind }, name, [
        {
          field: 'password',
          reason: typeof body.password === 'string' ? 'FieldValueInvalid' : 'FieldValueRequired',
          message: `password: ${problem}`,
          detail: problem,
        },
      ]);
    const password = body.password as string;
    const dryRun = dryRunOf(ctx.query);
    for (let attempt = 0; attempt < 5; attempt++) {
      const account = await deps.internal.incarnation(ctx.res, '', name);
      if (!account) throw notFound(gr, name);
      const uid = account.object.metadata.uid ?? '';
      const record = await hashPassword(password, uid, deps.now(), deps.scrypt ?? DEFAULT_SCRYPT);
      const r = dryRun
        ? { succeeded: true }
        : await deps.internal.transact(
            [account.guard],
            [{ put: passwordKey(name), value: JSON.stringify(record) }],
          );
      if (r.succeeded) {
        sendJson(ctx.resp, 201, success(name, gr));
        return;
      }
    }
    throw conflict(gr, name, 'the service account changed while its password was set; please try again');
  };
}

function success(name: string, gr: { group: string; resource: string }): unknown {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    message: `password set for service account "${name}"`,
    details: { name, group: gr.group, kind: gr.resource },
    code: 201,
  };
}
