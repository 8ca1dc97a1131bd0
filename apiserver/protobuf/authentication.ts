/**
 * authentication.k8s.io/v1 SelfSubjectReview (kubectl auth whoami), k8s.io/api authentication/v1
 * generated.proto field numbers: 1 metadata, 2 status {1 userInfo {1 username, 2 uid, 3 groups}}.
 * The server fills the status in; a client's status is decoded only as far as kube's would be.
 */
import { type DecodedObject, type JsonObject, parseObject } from './kinds.js';
import { setString, setStrings } from './meta.js';

export function decodeSelfSubjectReview(raw: Uint8Array): DecodedObject {
  const { metadata, m } = parseObject(raw);
  const user = m.message(2)?.message(1);
  if (user === undefined) return { metadata, status: {} };
  const userInfo: { username?: string; uid?: string; groups?: string[] } = {};
  setString(userInfo, 'username', user.string(1));
  setString(userInfo, 'uid', user.string(2));
  setStrings(userInfo, 'groups', user.strings(3));
  const status: JsonObject = { userInfo };
  return { metadata, status };
}
