/**
 * The OpenAPI v2 document kubectl asks for in protobuf (gnostic openapi_v2.Document), with no
 * definitions: kubectl reads v2 only to validate client-side what v3 cannot vouch for, which is a
 * `v1` List (kubectl never asks the server to validate a List's fields) and any kind when v3 lacks
 * it; it skips every kind a document does not define, and the server validates each item on write.
 * Without this document (a 404) kubectl refuses `apply|create|replace -f` of a List outright.
 * Encoded by hand: Document{swagger (1): "2.0", info (2): Info{title (1), version (2)}}.
 */
const field = (num: number, body: Buffer): Buffer =>
  Buffer.concat([Buffer.from([(num << 3) | 2, body.length]), body]);
const text = (num: number, s: string): Buffer => field(num, Buffer.from(s, 'utf8'));

/** what kubectl accepts (Go's mime parser rejects the `@`), and what kube-openapi answers with */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
export const OPENAPI_V2_PROTOBUF_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/** The document, for a server of this version (its length must stay under 128 bytes). */
export function openAPIV2Protobuf(version: string): Buffer {
  const info = Buffer.concat([text(1, 'orgplane'), text(2, version)]);
  return Buffer.concat([text(1, '2.0'), field(2, info)]);
}
