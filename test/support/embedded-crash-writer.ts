/**
 * Child process for test/integration/storage-crash.test.ts: opens the embedded store at argv[2]
 * and creates keys /crash/<run>/<n> forever, IN_FLIGHT at a time, printing "<revision> <key>"
 * for each acknowledged create. The parent SIGKILLs it mid-stream.
 */
import { openEmbeddedStorage } from '../../apiserver/storage/embedded/index.js';

const IN_FLIGHT = 16;

async function main(): Promise<void> {
  const [path, run = 'r'] = process.argv.slice(2);
  if (path === undefined) throw new Error('usage: embedded-crash-writer <path> [run]');
  const store = await openEmbeddedStorage({ path });
  process.stdout.write(`ready ${await store.currentRevision()}\n`);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const key = `/crash/${run}/${next++}`;
      const kv = await store.create(key, `value-${key}`);
      process.stdout.write(`${kv.modRevision} ${key}\n`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
