/** Writes: server-side apply conflicts, prune, diff, patch types, labels, annotations, replace. */
import { expect, test } from '@jest/globals';
import type { KubectlResult } from '../../support/e2e.js';
import { agent, docs, lines, NS, type ScenarioGroup } from './harness.js';

export const writes: ScenarioGroup = (k) => {
  /** one agent's fields through a jsonpath template */
  const field = (name: string, path: string): Promise<string> =>
    k.ok(['get', 'agent', name, '-n', NS, '-o', `jsonpath=${path}`]);
  const stdin = (...objs: unknown[]): { stdin: string } => ({ stdin: docs(...objs) });

  /**
   * `kubectl diff` of a file that matches live. A controller's status write between diff's GET
   * and its dry-run PATCH shows as a difference, so a dirty answer is retried twice.
   */
  const cleanDiff = async (input: string): Promise<KubectlResult> => {
    let r = await k.run(['diff', '-f', '-'], { stdin: input });
    for (let i = 0; i < 2 && r.code === 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      r = await k.run(['diff', '-f', '-'], { stdin: input });
    }
    return r;
  };

  test('server-side apply: a second manager conflicts, --force-conflicts takes the field over', async () => {
    const ssa = (manager: string, model: string, ...extra: string[]): Promise<KubectlResult> =>
      k.run(
        ['apply', '--server-side', `--field-manager=${manager}`, ...extra, '-f', '-'],
        stdin(agent('shared', NS, { model })),
      );
    expect((await ssa('team-a', 'one')).code).toBe(0);
    expect((await ssa('team-b', 'one')).code).toBe(0); // same value: co-owned, no conflict
    const conflict = await ssa('team-b', 'two');
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toMatch(/Apply failed with 1 conflict: conflict with "team-a": \.spec\.model/);
    expect(await field('shared', '{.spec.model}')).toBe('one');
    expect((await ssa('team-b', 'two', '--force-conflicts')).code).toBe(0);
    // team-a lost its only field, so its entry is gone; the agent controller's status writes own
    // a separate /status entry
    const owners =
      '{.spec.model}{range .metadata.managedFields[*]} {.manager}:{.operation}:{.subresource}{end}';
    const got = (await field('shared', owners)).split(' ');
    expect(got[0]).toBe('two');
    expect(got.slice(1).filter((e) => !e.endsWith(':status'))).toEqual(['team-b:Apply:']);
  });

  test('apply --prune -l removes labelled objects that left the file, and nothing else', async () => {
    const member = (name: string): Record<string, unknown> => agent(name, NS, { labels: { set: 'pruned' } });
    await k.ok(['apply', '-f', '-'], stdin(member('keep-me'), member('drop-me'), agent('bystander', NS)));
    const prune = ['--prune', '-l', 'set=pruned', '--prune-allowlist=orgplane.io/v1alpha1/Agent'];
    const out = await k.ok(['apply', ...prune, '-n', NS, '-f', '-'], stdin(member('keep-me')));
    expect(lines(out)).toEqual(['agent.orgplane.io/keep-me unchanged', 'agent.orgplane.io/drop-me pruned']);
    const left = await k.ok(['get', 'agents', '-n', NS, '-o', 'name']);
    expect(left).toMatch(/keep-me/);
    expect(left).toMatch(/bystander/);
    expect(left).not.toMatch(/drop-me/);
  });

  test('diff: exit 0 when live matches, 1 with the change, and a dry run for new objects', async () => {
    await k.ok(['apply', '-f', '-'], stdin(agent('diffed', NS, { model: 'before' })));
    expect(await cleanDiff(docs(agent('diffed', NS, { model: 'before' })))).toMatchObject({
      code: 0,
      stdout: '',
    });
    const changed = await k.run(['diff', '-f', '-'], stdin(agent('diffed', NS, { model: 'after' })));
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^- {2}model: before$/m);
    expect(changed.stdout).toMatch(/^\+ {2}model: after$/m);
    const created = await k.run(['diff', '-f', '-'], stdin(agent('not-yet', NS)));
    expect(created.code).toBe(1);
    expect(created.stdout).toMatch(/^\+ {2}name: not-yet$/m);
    await k.fails(['get', 'agent', 'not-yet', '-n', NS]);
    // an object made by server-side apply (no last-applied annotation) diffs clean against its file
    await k.ok(['apply', '--server-side', '-f', '-'], stdin(agent('ssa-diffed', NS)));
    expect(await cleanDiff(docs(agent('ssa-diffed', NS)))).toMatchObject({ code: 0, stdout: '' });
  });

  test('patch: json, merge, and a failed json-patch test that changes nothing', async () => {
    await k.ok(['create', '-f', '-'], stdin(agent('patched', NS, { spec: { tools: ['a'] } })));
    const patch = (type: string, body: string): Promise<KubectlResult> =>
      k.run(['patch', 'agent', 'patched', '-n', NS, `--type=${type}`, '-p', body]);
    expect(await patch('json', '[{"op":"add","path":"/spec/tools/-","value":"b"}]')).toMatchObject({
      code: 0,
      stdout: 'agent.orgplane.io/patched patched\n',
    });
    expect((await patch('merge', '{"spec":{"description":"merged"}}')).code).toBe(0);
    const state = '{.spec.tools} {.spec.description} {.metadata.generation}';
    expect(await field('patched', state)).toBe('["a","b"] merged 3');
    const ops =
      '[{"op":"test","path":"/spec/description","value":"no"},{"op":"remove","path":"/spec/tools"}]';
    const failed = await patch('json', ops);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/test/);
    expect(await field('patched', state)).toBe('["a","b"] merged 3');
  });

  test('label needs --overwrite to change a value; annotate and label remove keys', async () => {
    await k.ok(['create', '-f', '-'], stdin(agent('tagged', NS, { labels: { env: 'dev' } })));
    const on = ['agent', 'tagged', '-n', NS];
    const refused = await k.fails(['label', ...on, 'env=prod']);
    expect(refused.stderr).toContain("'env' already has a value (dev), and --overwrite is false");
    await k.ok(['label', ...on, 'env=prod', '--overwrite']);
    await k.ok(['annotate', ...on, 'owner=alice', 'ticket=42']);
    await k.ok(['annotate', ...on, 'ticket-']);
    await k.ok(['label', 'agents', '-n', NS, '-l', 'env=prod', 'reviewed=yes']);
    const meta = await field('tagged', '{.metadata.labels} {.metadata.annotations}');
    expect(meta).toBe('{"env":"prod","reviewed":"yes"} {"owner":"alice"}');
    await k.ok(['label', ...on, 'env-', 'reviewed-']);
    expect(await field('tagged', '{.metadata.labels}')).toBe(''); // no empty map left behind
  });

  test('replace swaps the spec in place; replace --force recreates with a new uid', async () => {
    await k.ok(['create', '-f', '-'], stdin(agent('replaced', NS, { model: 'old' })));
    const live = JSON.parse(await k.ok(['get', 'agent', 'replaced', '-n', NS, '-o', 'json'])) as {
      metadata: { uid: string; resourceVersion?: string };
      spec: Record<string, unknown>;
    };
    live.spec = { model: 'new', tools: ['x'] };
    // no resourceVersion: a controller's status write in between must not make this a conflict
    delete live.metadata.resourceVersion;
    const replaced = await k.ok(['replace', '-f', '-'], { stdin: JSON.stringify(live) });
    expect(replaced).toBe('agent.orgplane.io/replaced replaced\n');
    const state = '{.metadata.uid} {.spec.model} {.metadata.generation}';
    expect(await field('replaced', state)).toBe(`${live.metadata.uid} new 2`);
    await k.ok(['replace', '--force', '-f', '-'], stdin(agent('replaced', NS, { model: 'newest' })));
    const forced = await field('replaced', state);
    expect(forced).toMatch(/ newest 1$/);
    expect(forced.startsWith(live.metadata.uid)).toBe(false);
  });

  test('a List document (kubectl get -o yaml) applies and replaces as a whole', async () => {
    await k.ok(['create', '-f', '-'], stdin(agent('listed-a', NS, { labels: { set: 'listed' } })));
    await k.ok(['create', '-f', '-'], stdin(agent('listed-b', NS, { labels: { set: 'listed' } })));
    const list = await k.ok(['get', 'agents', '-n', NS, '-l', 'set=listed', '-o', 'yaml']);
    const applied = await k.run(['apply', '-f', '-'], {
      stdin: list.replace(/model: \S+/g, 'model: from-list'),
    });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/agent.orgplane.io\/listed-a configured/);
    expect(await field('listed-b', '{.spec.model}')).toBe('from-list');
    const json = JSON.parse(await k.ok(['get', 'agents', '-n', NS, '-l', 'set=listed', '-o', 'json'])) as {
      items: { metadata: { resourceVersion?: string } }[];
    };
    // no resourceVersion: a controller's status write in between must not make this a conflict
    for (const item of json.items) delete item.metadata.resourceVersion;
    const replaced = await k.run(['replace', '-f', '-'], { stdin: JSON.stringify(json) });
    expect(replaced.code).toBe(0);
    expect(lines(replaced.stdout)).toEqual([
      'agent.orgplane.io/listed-a replaced',
      'agent.orgplane.io/listed-b replaced',
    ]);
  });
};
