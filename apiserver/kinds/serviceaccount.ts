/**
 * orgplane.io/v1alpha1 ServiceAccount: its password (an scrypt hash, apiserver/authn/passwords.ts)
 * is an internal record beside it, deleted in the same transaction as the account. The record is
 * also bound to the account's uid, so even one left behind never accepts a login for a recreated
 * account.
 */
import { GROUP } from '../../api/group.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';
import { txnOpOf } from '../registry/internal.js';
import { internalKey } from '../registry/keys.js';
import type { KindStrategy } from '../registry/types.js';

/** Where an account's password record lives (never returned, logged or audited). */
export const passwordKey = (account: string): string => internalKey('serviceaccount-passwords', account);

export function serviceAccountCredentialCleanup(): AdmissionPlugin {
  return {
    name: 'ServiceAccountCredentialCleanup',
    handles: (a: Attributes) =>
      a.operation === 'DELETE' &&
      a.subresource === '' &&
      a.resource.group === GROUP &&
      a.resource.plural === 'serviceaccounts',
    validate(a: Attributes): void {
      a.txn.ops.push(txnOpOf({ delete: passwordKey(a.name) }));
    },
  };
}

export const serviceAccountStrategy: KindStrategy = {
  admission: [serviceAccountCredentialCleanup()],
};
