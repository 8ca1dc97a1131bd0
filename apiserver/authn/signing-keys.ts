/**
 * Token signing keys shared by every API server on one store. Each key is an ES256 (P-256) key
 * pair kept as a JWK with its private part under /orgplane/signing-keys/keys/<kid>; the key that
 * signs is named by /orgplane/signing-keys/active. The first server to start creates one; a
 * rotation adds a new active key and marks the old one retired. A retired key keeps verifying
 * until every token it could have signed has expired (retiredAt + max token lifetime), then it
 * is deleted. Every server follows the prefix with a watch, so a key added anywhere verifies here.
 * Private keys are never logged.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type winston from 'winston';
import { internalKey } from '../registry/keys.js';
import type { InternalStore, RecordEvent, StoredRecord, Write } from '../registry/internal.js';
import { followPrefix, type Follower } from './follow.js';

export const SIGNING_ALG = 'ES256';
export const SIGNING_KEYS_PREFIX = internalKey('signing-keys') + '/';
const KEYS_PREFIX = internalKey('signing-keys', 'keys') + '/';
const ACTIVE_KEY = internalKey('signing-keys', 'active');

/** The stored record of one key (contains the private key: never log it). */
interface KeyRecord {
  readonly kid: string;
  readonly alg: typeof SIGNING_ALG;
  /** RFC 3339 */
  readonly createdAt: string;
  /** RFC 3339; set when a newer key took over signing */
  readonly retiredAt?: string;
  readonly privateJwk: JWK;
}

interface LoadedKey {
  readonly record: KeyRecord;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicJwk: JWK;
}

export interface SigningKey {
  readonly kid: string;
  readonly alg: typeof SIGNING_ALG;
  readonly privateKey: KeyObject;
}

/** What `orgplane keys rotate` shows of a key. */
export interface SigningKeyInfo {
  readonly kid: string;
  /** signs new tokens */
  readonly active: boolean;
  readonly createdAt: string;
  readonly retiredAt?: string;
}

export interface SigningKeysOptions {
  readonly internal: InternalStore;
  readonly logger: winston.Logger;
  readonly now: () => Date;
  /** the longest lifetime of a token signed with these keys; retired keys are kept that long */
  readonly maxTokenLifetimeSeconds: number;
}

/** Seconds past the max token lifetime before a retired key is dropped (clock skew). */
const RETENTION_SLACK_SECONDS = 300;

function load(kv: StoredRecord): LoadedKey | undefined {
  try {
    const record = JSON.parse(kv.value) as KeyRecord;
    const privateKey = createPrivateKey({ key: record.privateJwk as JsonWebKey, format: 'jwk' });
    const publicKey = createPublicKey(privateKey);
    const { d: _d, ...pub } = record.privateJwk;
    return {
      record,
      privateKey,
      publicKey,
      publicJwk: { ...pub, kid: record.kid, alg: SIGNING_ALG, use: 'sig' },
    };
  } catch {
    return undefined;
  }
}

function activeKidOf(value: string): string {
  try {
    const kid = (JSON.parse(value) as { kid?: unknown }).kid;
    return typeof kid === 'string' ? kid : '';
  } catch {
    return '';
  }
}

async function newRecord(now: Date): Promise<KeyRecord> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } as JWK);
  return { kid, alg: SIGNING_ALG, createdAt: now.toISOString(), privateJwk: jwk };
}

export class SigningKeys {
  private readonly keys = new Map<string, LoadedKey>();
  private activeKid = '';
  private follower: Follower | undefined;

  private constructor(private readonly opts: SigningKeysOptions) {}

  /** Load the keys, create the first one when there is none, and follow changes. */
  static async open(opts: SigningKeysOptions): Promise<SigningKeys> {
    const ring = new SigningKeys(opts);
    ring.follower = followPrefix(opts.internal, SIGNING_KEYS_PREFIX, ring.view(), opts.logger);
    await ring.follower.ready;
    if (ring.keys.has(ring.activeKid)) return ring;
    await ring.install(await ring.createIfMissing());
    // an active pointer naming a missing or unreadable key: replace it
    if (!ring.keys.has(ring.activeKid)) await ring.rotate();
    return ring;
  }

  private view(): { reset(items: readonly StoredRecord[]): void; apply(ev: RecordEvent): void } {
    return {
      reset: (items) => {
        this.keys.clear();
        this.activeKid = '';
        for (const kv of items) this.take(kv);
      },
      apply: (ev) => {
        if (ev.type !== 'delete') this.take(ev.record);
        else if (ev.key.startsWith(KEYS_PREFIX)) this.keys.delete(ev.key.slice(KEYS_PREFIX.length));
      },
    };
  }

  private take(kv: StoredRecord): void {
    if (kv.key === ACTIVE_KEY) {
      this.activeKid = activeKidOf(kv.value);
      return;
    }
    const loaded = load(kv);
    if (loaded) this.keys.set(loaded.record.kid, loaded);
    else this.opts.logger.warn('ignoring an unreadable signing key', { key: kv.key });
  }

  private async install(revision: number): Promise<void> {
    await this.follower?.caughtUp(revision);
  }

  /** The first key, unless another server created one meanwhile; returns the revision to wait for. */
  private async createIfMissing(): Promise<number> {
    const rec = await newRecord(this.opts.now());
    const r = await this.opts.internal.transact(
      [{ absent: ACTIVE_KEY }],
      [
        { put: KEYS_PREFIX + rec.kid, value: JSON.stringify(rec) },
        { put: ACTIVE_KEY, value: JSON.stringify({ kid: rec.kid }) },
      ],
    );
    if (!r.succeeded) return r.revision; // the current revision: at or after the winner's write
    this.opts.logger.info('created the token signing key', { kid: rec.kid });
    return r.revision;
  }

  /** The key that signs new tokens. */
  signingKey(): SigningKey {
    const k = this.keys.get(this.activeKid);
    if (!k) throw new Error('no active token signing key');
    return { kid: k.record.kid, alg: SIGNING_ALG, privateKey: k.privateKey };
  }

  /** The public key for a token's kid, or undefined when the kid is unknown or dropped. */
  verificationKey(kid: string): KeyObject | undefined {
    return this.keys.get(kid)?.publicKey;
  }

  /** Every loaded key's kid and dates, the active one first (no key material). */
  describe(): SigningKeyInfo[] {
    const infos = [...this.keys.values()].map(({ record: r }) => ({
      kid: r.kid,
      active: r.kid === this.activeKid,
      createdAt: r.createdAt,
      ...(r.retiredAt !== undefined ? { retiredAt: r.retiredAt } : {}),
    }));
    return infos.sort(
      (a, b) => Number(b.active) - Number(a.active) || b.createdAt.localeCompare(a.createdAt),
    );
  }

  /** The public keys (never the private parts), for /openid/v1/jwks. */
  publicJwks(): { keys: JWK[] } {
    return { keys: [...this.keys.values()].map((k) => k.publicJwk) };
  }

  /** Add a new active key; the old ones keep verifying until their tokens expired. Returns its kid. */
  async rotate(): Promise<string> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const done = await this.rotateOnce();
      if (done) {
        await this.install(done.revision);
        return done.kid;
      }
    }
    throw new Error('signing key rotation lost too many races');
  }

  /** One rotation attempt guarded by the active pointer's revision; undefined on a lost race. */
  private async rotateOnce(): Promise<{ revision: number; kid: string } | undefined> {
    const now = this.opts.now();
    const active = await this.opts.internal.get(ACTIVE_KEY);
    const listed = await this.opts.internal.list(KEYS_PREFIX);
    const rec = await newRecord(now);
    const writes: Write[] = [
      { put: KEYS_PREFIX + rec.kid, value: JSON.stringify(rec) },
      { put: ACTIVE_KEY, value: JSON.stringify({ kid: rec.kid }) },
      ...this.retireAndPrune(listed.items, now),
    ];
    const r = await this.opts.internal.transact(
      [{ unchanged: ACTIVE_KEY, revision: active?.revision ?? 0 }],
      writes,
    );
    if (!r.succeeded) return undefined;
    this.opts.logger.info('rotated the token signing key', { kid: rec.kid });
    return { revision: r.revision, kid: rec.kid };
  }

  /** Ops marking current keys retired (now) and deleting keys retired longer than tokens live. */
  private retireAndPrune(items: readonly StoredRecord[], now: Date): Write[] {
    const keepMs = (this.opts.maxTokenLifetimeSeconds + RETENTION_SLACK_SECONDS) * 1000;
    const ops: Write[] = [];
    for (const kv of items) {
      let rec: KeyRecord;
      try {
        rec = JSON.parse(kv.value) as KeyRecord;
      } catch {
        ops.push({ delete: kv.key });
        continue;
      }
      if (rec.retiredAt === undefined) {
        ops.push({ put: kv.key, value: JSON.stringify({ ...rec, retiredAt: now.toISOString() }) });
      } else if (Date.parse(rec.retiredAt) + keepMs < now.getTime()) {
        ops.push({ delete: kv.key });
      }
    }
    return ops;
  }

  stop(): void {
    this.follower?.stop();
  }
}
