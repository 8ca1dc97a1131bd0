import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStorage } from '../../apiserver/storage/embedded/index.js';
import type { Storage } from '../../apiserver/storage/interface.js';
import type { StorageBackend } from './storage-backends.js';

/** The embedded backend: every open() is a fresh store in its own temp dir (real lease timer). */
export function embeddedBackend(): StorageBackend {
  const opened: { store: Storage; dir: string }[] = [];
  return {
    name: 'embedded',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'orgplane-embedded-'));
      const store = await openEmbeddedStorage({ path: dir });
      opened.push({ store, dir });
      return store;
    },
    async cleanup() {
      for (const { store, dir } of opened.splice(0)) {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
