/**
 * `orgplane secrets reencrypt`: every Secret is read and written back unchanged, as kube documents
 * (`kubectl get secrets -A -o json | kubectl replace -f -`). The server rewrites a Secret whose
 * stored value is stale (encrypted by a provider or key that no longer writes) and skips one that
 * is current, so the resourceVersion tells which it was. A write that loses a race (409) is retried
 * on a fresh read; a Secret deleted meanwhile is skipped. Values are never printed.
 */
export interface SecretRef {
  readonly namespace: string;
  readonly name: string;
  readonly resourceVersion: string;
}

/** The calls the rewrite needs; `get` answers undefined for 404, `replace` throws `Conflict`/`Gone`. */
export interface SecretsApi<S extends SecretRef> {
  list(
    continueToken: string | undefined,
  ): Promise<{ readonly items: S[]; readonly continue?: string | undefined }>;
  get(namespace: string, name: string): Promise<S | undefined>;
  replace(secret: S): Promise<S>;
}

export class Conflict extends Error {}
export class Gone extends Error {}

export interface ReencryptCounts {
  rewritten: number;
  current: number;
  gone: number;
}

const ATTEMPTS = 10;

async function rewriteOne<S extends SecretRef>(api: SecretsApi<S>, first: S): Promise<keyof ReencryptCounts> {
  let secret: S | undefined = first;
  for (let attempt = 0; attempt < ATTEMPTS && secret; attempt++) {
    try {
      const out = await api.replace(secret);
      return out.resourceVersion === secret.resourceVersion ? 'current' : 'rewritten';
    } catch (err) {
      if (err instanceof Gone) return 'gone';
      if (!(err instanceof Conflict)) throw err;
      secret = await api.get(secret.namespace, secret.name);
    }
  }
  if (!secret) return 'gone';
  throw new Error(
    `secret ${first.namespace}/${first.name}: still conflicting after ${String(ATTEMPTS)} attempts`,
  );
}

export async function reencryptAll<S extends SecretRef>(api: SecretsApi<S>): Promise<ReencryptCounts> {
  const counts: ReencryptCounts = { rewritten: 0, current: 0, gone: 0 };
  let token: string | undefined;
  do {
    const page = await api.list(token);
    for (const s of page.items) counts[await rewriteOne(api, s)]++;
    token = page.continue === '' ? undefined : page.continue;
  } while (token !== undefined);
  return counts;
}

export function describeCounts(c: ReencryptCounts): string {
  const gone = c.gone > 0 ? `, ${String(c.gone)} deleted meanwhile` : '';
  return `secrets: ${String(c.rewritten)} rewritten, ${String(c.current)} already current${gone}`;
}
