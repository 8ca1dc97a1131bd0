/** Watches, finalizers, `kubectl wait --for=delete`, a blocking delete and namespace termination. */
import { expect, test } from '@jest/globals';
import { agent, docs, lines, NS, type ScenarioGroup } from './harness.js';

const HOLD = 'e2e.example.com/hold';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const watchAndDelete: ScenarioGroup = (k) => {
  test('get -w --output-watch-events sees ADDED, MODIFIED and DELETED', async () => {
    const watch = k.start(['get', 'agents', '-n', NS, '-w', '--output-watch-events', '-l', 'watched=yes']);
    try {
      // no wait for the watch to start: an object created before its list shows up as ADDED too
      await k.ok(['create', '-f', '-'], {
        stdin: docs(agent('watched', NS, { labels: { watched: 'yes' } })),
      });
      await watch.waitFor(/^ADDED +watched /m);
      await k.ok([
        'patch',
        'agent',
        'watched',
        '-n',
        NS,
        '--type=merge',
        '-p',
        '{"spec":{"model":"changed"}}',
      ]);
      await watch.waitFor(/^MODIFIED +watched +changed/m);
      await k.ok(['delete', 'agent', 'watched', '-n', NS]);
      await watch.waitFor(/^DELETED +watched /m);
      // controllers may add MODIFIED events of their own (status); the order around them holds
      const events = lines(watch.output())
        .filter((l) => / watched /.test(l))
        .map((l) => l.split(/ +/)[0]);
      expect(events[0]).toBe('ADDED');
      expect(events.slice(1, -1).every((e) => e === 'MODIFIED')).toBe(true);
      expect(events.at(-1)).toBe('DELETED');
    } finally {
      await watch.stop();
    }
  });

  test('an object with a finalizer stays until the finalizer goes; wait --for=delete sees it go', async () => {
    await k.ok(['create', '-f', '-'], { stdin: docs(agent('held', NS, { finalizers: [HOLD] })) });
    expect(await k.ok(['delete', 'agent', 'held', '-n', NS, '--wait=false'])).toBe(
      'agent.orgplane.io "held" deleted\n',
    );
    const marked = await k.ok([
      'get',
      'agent',
      'held',
      '-n',
      NS,
      '-o',
      'jsonpath={.metadata.deletionTimestamp} {.metadata.finalizers[0]}',
    ]);
    expect(marked).toMatch(new RegExp(`^20\\d\\d-\\S+Z ${HOLD}$`));
    const wait = k.start(['wait', '--for=delete', 'agent/held', '-n', NS, '--timeout=30s']);
    await sleep(1000);
    expect(watchExited(wait.output())).toBe(false);
    await k.ok([
      'patch',
      'agent',
      'held',
      '-n',
      NS,
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
    const r = await wait.done;
    expect(r).toMatchObject({ code: 0, stdout: 'agent.orgplane.io/held condition met\n' });
    const gone = await k.fails(['get', 'agent', 'held', '-n', NS]);
    expect(gone.stderr).toContain('agents.orgplane.io "held" not found');
  });

  test('kubectl delete waits for finalizers by default', async () => {
    await k.ok(['create', '-f', '-'], { stdin: docs(agent('slow-delete', NS, { finalizers: [HOLD] })) });
    const del = k.start(['delete', 'agent', 'slow-delete', '-n', NS, '--timeout=30s']);
    await del.waitFor(/"slow-delete" deleted/);
    await sleep(500);
    await k.ok([
      'patch',
      'agent',
      'slow-delete',
      '-n',
      NS,
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":null}}',
    ]);
    expect((await del.done).code).toBe(0);
    await k.fails(['get', 'agent', 'slow-delete', '-n', NS]);
  });

  test('a deleted namespace is Terminating until emptied, refuses new content, then is gone', async () => {
    await k.ok(['create', 'namespace', 'doomed']);
    await k.ok(['create', '-f', '-'], { stdin: docs(agent('last', 'doomed', { finalizers: [HOLD] })) });
    await k.ok(['delete', 'namespace', 'doomed', '--wait=false']);
    expect(await k.ok(['get', 'namespace', 'doomed', '-o', 'jsonpath={.status.phase}'])).toBe('Terminating');
    expect(lines(await k.ok(['get', 'namespace', 'doomed']))[1]).toMatch(/^doomed +Terminating /);
    const refused = await k.fails(['create', '-f', '-'], { stdin: docs(agent('late', 'doomed')) });
    expect(refused.stderr).toMatch(
      /Forbidden.*unable to create new content in namespace doomed because it is being terminated/,
    );
    // the namespace controller deletes what is inside: the held agent is marked, not gone
    const marked = ['get', 'agent', 'last', '-n', 'doomed', '-o', 'jsonpath={.metadata.deletionTimestamp}'];
    await k.eventually(marked, /Z$/);
    await k.ok([
      'patch',
      'agent',
      'last',
      '-n',
      'doomed',
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":[]}}',
    ]);
    await k.ok(['wait', '--for=delete', 'namespace/doomed', '--timeout=30s']);
    const gone = await k.fails(['get', 'namespace', 'doomed']);
    expect(gone.stderr).toContain('namespaces "doomed" not found');
  });
};

/** `kubectl wait` prints only when done: empty output means still waiting. */
const watchExited = (output: string): boolean => output.trim() !== '';
