/**
 * A consistent snapshot of a store: every key under '/' as of one revision, read in pages at that
 * revision (first to count them for the header, then to stream them), so writes that continue
 * meanwhile are not in it. Read from the raw backend, below the encryption decorator: Secrets stay
 * ciphertext. A revision compacted between the passes fails the snapshot (retry it).
 */
import type { Storage } from '../interface.js';
import { encodeBackup, type BackupEntry } from './format.js';

const PAGE = 500;
export const ROOT = '/';

/** The keys under ROOT at revision, page by page. */
async function* pages(storage: Storage, revision: number): AsyncGenerator<BackupEntry[]> {
  let after: string | undefined;
  for (;;) {
    const page = await storage.list(ROOT, {
      revision,
      limit: PAGE,
      ...(after !== undefined ? { continueAfter: after } : {}),
    });
    yield page.items.map((kv) =>
      kv.lease ? { key: kv.key, value: kv.value, lease: kv.lease } : { key: kv.key, value: kv.value },
    );
    after = page.items.at(-1)?.key;
    if (!page.more || after === undefined) return;
  }
}

export interface Snapshot {
  readonly revision: number;
  readonly objects: number;
  readonly store: string;
  entries(): AsyncGenerator<BackupEntry>;
}

/** Fixes the revision and counts the keys at it. */
export async function takeSnapshot(storage: Storage): Promise<Snapshot> {
  const revision = await storage.currentRevision();
  let objects = 0;
  for await (const page of pages(storage, revision)) objects += page.length;
  return {
    revision,
    objects,
    store: storage.name,
    async *entries() {
      for await (const page of pages(storage, revision)) yield* page;
    },
  };
}

/** The backup file's lines for a snapshot; onProgress(done, total) after each entry. */
export async function* snapshotLines(
  snap: Snapshot,
  onProgress: (done: number, total: number) => void = () => undefined,
  now: () => Date = () => new Date(),
): AsyncGenerator<string> {
  let done = 0;
  async function* counted(): AsyncGenerator<BackupEntry> {
    for await (const e of snap.entries()) {
      yield e;
      onProgress(++done, snap.objects);
    }
  }
  yield* encodeBackup(
    { revision: snap.revision, objects: snap.objects, store: snap.store, createdAt: now().toISOString() },
    counted(),
  );
}
