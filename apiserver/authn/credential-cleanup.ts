/**
 * Admission plugin: deleting a ServiceAccount deletes its password record in the same storage
 * transaction. (The record is also bound to the account's uid, so even a record left behind
 * never accepts a login for a recreated account.)
 */
import { GROUP } from '../../api/group.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';
import { passwordKey } from './passwords.js';

export function serviceAccountCredentialCleanup(): AdmissionPlugin {
  return {
    name: 'ServiceAccountCredentialCleanup',
    handles: (a: Attributes) =>
      a.operation === 'DELETE' &&
      a.subresource === '' &&
      a.resource.group === GROUP &&
      a.resource.plural === 'serviceaccounts',
    validate(a: Attributes): void {
      a.txn.ops.push({ type: 'delete', key: passwordKey(a.name) });
    },
  };
}
