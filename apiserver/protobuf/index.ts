/**
 * Decoding of Kubernetes protobuf request bodies (Content-Type application/vnd.kubernetes.protobuf)
 * into the JSON object kube would produce. kubectl 1.32 sends them for `create namespace`,
 * `create configmap|secret`, `create role|clusterrole|rolebinding|clusterrolebinding`, `auth can-i`,
 * `auth can-i --list` and `auth whoami`.
 * Every failure is a ProtobufDecodeError: code 400 for a malformed body, 415 for a
 * well-formed body of a kind (or content encoding) that is not decoded here.
 *
 * Body = "k8s\0" + runtime.Unknown {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding,
 * 4 contentType}.
 */
import type { KubeObject } from '../../api/meta.js';
import { decodeSelfSubjectReview } from './authentication.js';
import { decodeSelfSubjectAccessReview, decodeSelfSubjectRulesReview } from './authorization.js';
import { decodeConfigMap, decodeSecret } from './core.js';
import { type DecodedObject, decodeNamespace } from './kinds.js';
import { Message } from './message.js';
import { decodeObjectMeta } from './meta.js';
import { decodeClusterRole, decodeRole, decodeRoleBinding } from './rbac.js';
import { ProtobufDecodeError } from './wire.js';

export { ProtobufDecodeError } from './wire.js';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"

/** True for application/vnd.kubernetes.protobuf with or without parameters (any case). */
export function isProtobufContentType(contentType: string | undefined): boolean {
  const media = contentType?.split(';')[0]?.trim().toLowerCase();
  return media === PROTOBUF_CONTENT_TYPE;
}

export interface ProtobufEnvelope {
  readonly apiVersion: string;
  readonly kind: string;
  /** the object's own message bytes */
  readonly raw: Uint8Array;
}

/** Checks the magic prefix and unwraps runtime.Unknown. */
export function decodeEnvelope(body: Uint8Array): ProtobufEnvelope {
  if (body.length < MAGIC.length || MAGIC.some((b, i) => body[i] !== b)) {
    throw new ProtobufDecodeError('protobuf body does not start with the "k8s\\0" envelope prefix');
  }
  const unknown = Message.parse(body.subarray(MAGIC.length));
  const typeMeta = unknown.message(1);
  const apiVersion = typeMeta?.string(1) ?? '';
  const kind = typeMeta?.string(2) ?? '';
  if (apiVersion === '' || kind === '') {
    throw new ProtobufDecodeError('protobuf envelope has no apiVersion or kind');
  }
  const encoding = unknown.string(3) ?? '';
  if (encoding !== '') {
    throw new ProtobufDecodeError(`protobuf content encoding "${encoding}" is not supported`, 415);
  }
  const contentType = unknown.string(4) ?? '';
  if (contentType !== '' && contentType !== PROTOBUF_CONTENT_TYPE) {
    throw new ProtobufDecodeError(`protobuf envelope content type "${contentType}" is not supported`, 415);
  }
  return { apiVersion, kind, raw: unknown.bytesField(2) ?? new Uint8Array() };
}

type KindDecoder = (raw: Uint8Array) => DecodedObject;

const DECODERS: ReadonlyMap<string, KindDecoder> = new Map([
  ['v1/Namespace', decodeNamespace],
  ['v1/ConfigMap', decodeConfigMap],
  ['v1/Secret', decodeSecret],
  ['authentication.k8s.io/v1/SelfSubjectReview', decodeSelfSubjectReview],
  ['authorization.k8s.io/v1/SelfSubjectAccessReview', decodeSelfSubjectAccessReview],
  ['authorization.k8s.io/v1/SelfSubjectRulesReview', decodeSelfSubjectRulesReview],
  ['rbac.authorization.k8s.io/v1/Role', decodeRole],
  ['rbac.authorization.k8s.io/v1/ClusterRole', decodeClusterRole],
  ['rbac.authorization.k8s.io/v1/RoleBinding', decodeRoleBinding],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', decodeRoleBinding],
]);

/** The kinds decodeProtobufObject decodes in full, as "apiVersion/Kind". */
export const DECODABLE_KINDS: readonly string[] = [...DECODERS.keys()];

function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ProtobufDecodeError) throw err;
    throw new ProtobufDecodeError(
      `malformed protobuf body: ${err instanceof Error ? err.message : 'unknown'}`,
    );
  }
}

/** Decodes a whole object of a supported kind (DECODABLE_KINDS); others give a 415 error. */
export function decodeProtobufObject(body: Uint8Array): KubeObject {
  return guarded(() => {
    const env = decodeEnvelope(body);
    const decode = DECODERS.get(`${env.apiVersion}/${env.kind}`);
    if (decode === undefined) {
      throw new ProtobufDecodeError(
        `protobuf decoding of ${env.apiVersion}, Kind=${env.kind} is not supported`,
        415,
      );
    }
    return { apiVersion: env.apiVersion, kind: env.kind, ...decode(env.raw) };
  });
}

/**
 * apiVersion, kind and metadata of an object of any kind (every kube kind has ObjectMeta as
 * field 1); the rest of the object is not decoded.
 */
export function decodeProtobufMetadata(body: Uint8Array): KubeObject {
  return guarded(() => {
    const env = decodeEnvelope(body);
    const metadata = decodeObjectMeta(Message.parse(env.raw).message(1));
    return { apiVersion: env.apiVersion, kind: env.kind, metadata };
  });
}
