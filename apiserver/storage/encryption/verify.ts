/**
 * The startup check: every stored Secret decrypts with the configured keys. A Secret written with
 * a key the config lacks (or a wrong one) fails the start with its name and the key's, instead of
 * failing its reads later.
 */
import type { Storage } from '../interface.js';

const PAGE = 500;

/** Read every key under prefix through the (decrypting) storage; resolves to how many there are. */
export async function verifyReadable(storage: Storage, prefix: string): Promise<number> {
  let count = 0;
  let revision = 0;
  let after: string | undefined;
  for (;;) {
    const page = await storage.list(prefix, {
      limit: PAGE,
      ...(revision > 0 ? { revision } : {}),
      ...(after !== undefined ? { continueAfter: after } : {}),
    });
    count += page.items.length;
    revision = page.revision;
    after = page.items.at(-1)?.key;
    if (!page.more || after === undefined) return count;
  }
}
