/**
 * Signed digests of the audit log (CloudTrail's digest files, as lines of the log itself): at every
 * rotation (the last line of the rotated file), every digest interval when records were written,
 * and at shutdown, the log writes
 *
 *   {"kind":"AuditDigest","apiVersion":"audit.orgplane.io/v1","digest":"<compact JWS>"}
 *
 * The JWS (ES256, signed with the server's token signing key; its `kid` in the protected header,
 * so the public key is in the server's /openid/v1/jwks) carries a DigestPayload: the chain head
 * (hash of the last record line before it and the next seq) and how many records and digests its
 * file held before it. Digest lines are not chained: they vouch for the chain.
 */
import type { KeyObject } from 'node:crypto';
import { compactVerify, CompactSign, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { ChainHead } from './chain.js';

export const DIGEST_KIND = 'AuditDigest';
export const DIGEST_API_VERSION = 'audit.orgplane.io/v1';
const DIGEST_TYP = 'orgplane-audit-digest';

export type DigestReason = 'interval' | 'rotation' | 'shutdown';

export interface DigestPayload {
  /** hash of the last record line before the digest (64 zeros when there is none) */
  readonly head: string;
  /** the seq the next record gets: records in the chain so far */
  readonly nextSeq: number;
  /** records in this file before the digest */
  readonly fileRecords: number;
  /** digests in this file before this one */
  readonly index: number;
  readonly reason: DigestReason;
  /** RFC 3339 */
  readonly time: string;
  /** the log's digest interval: a record is covered by a digest at most this long after it */
  readonly intervalSeconds: number;
}

/** The key digests are signed with (the active token signing key). */
export interface DigestKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: KeyObject;
}

export interface DigestState {
  readonly head: ChainHead;
  readonly fileRecords: number;
  readonly index: number;
}

/** The digest line (with its newline) for the chain and file state given. */
export async function digestLine(
  key: DigestKey,
  state: DigestState,
  meta: { reason: DigestReason; time: Date; intervalSeconds: number },
): Promise<Buffer> {
  const payload: DigestPayload = {
    head: state.head.hash,
    nextSeq: state.head.nextSeq,
    fileRecords: state.fileRecords,
    index: state.index,
    reason: meta.reason,
    time: meta.time.toISOString(),
    intervalSeconds: meta.intervalSeconds,
  };
  const jws = await new CompactSign(Buffer.from(JSON.stringify(payload)))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: DIGEST_TYP })
    .sign(key.privateKey);
  const line = { kind: DIGEST_KIND, apiVersion: DIGEST_API_VERSION, digest: jws };
  return Buffer.from(`${JSON.stringify(line)}\n`, 'utf8');
}

/** The JWS of a parsed digest line, or undefined when the object is not a digest line. */
export function digestJwsOf(obj: unknown): string | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const { kind, apiVersion, digest } = obj as { kind?: unknown; apiVersion?: unknown; digest?: unknown };
  if (kind !== DIGEST_KIND || apiVersion !== DIGEST_API_VERSION) return undefined;
  return typeof digest === 'string' ? digest : '';
}

export type DigestCheck =
  | { readonly ok: true; readonly payload: DigestPayload; readonly kid: string }
  | { readonly ok: false; readonly reason: string };

function isPayload(p: unknown): p is DigestPayload {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  return (
    typeof o.head === 'string' &&
    typeof o.time === 'string' &&
    typeof o.reason === 'string' &&
    [o.nextSeq, o.fileRecords, o.index, o.intervalSeconds].every((n) => typeof n === 'number')
  );
}

/** Verify a digest's signature against the keys given; never throws. */
export async function verifyDigest(jws: string, jwks: JSONWebKeySet): Promise<DigestCheck> {
  try {
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), {
      algorithms: ['ES256'],
    });
    const parsed = JSON.parse(Buffer.from(payload).toString('utf8')) as unknown;
    if (protectedHeader.typ !== DIGEST_TYP || !isPayload(parsed))
      return { ok: false, reason: 'the signed content is not an audit digest' };
    return { ok: true, payload: parsed, kid: protectedHeader.kid ?? '' };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_JWKS_NO_MATCHING_KEY')
      return { ok: false, reason: 'signed with a key that is not in the JWKS given (pass --jwks with it)' };
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
      return { ok: false, reason: 'its signature does not verify (the digest was altered)' };
    return {
      ok: false,
      reason: `not a valid signed digest (${err instanceof Error ? err.message : String(err)})`,
    };
  }
}
