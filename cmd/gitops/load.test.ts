import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKustomization, loadSources, parseManifests } from './load.js';

const agent = (name: string): string =>
  `apiVersion: orgplane.io/v1alpha1\nkind: Agent\nmetadata: {name: ${name}, namespace: org}\nspec: {model: m}\n`;

describe('parseManifests', () => {
  it('splits multi-document YAML, skips empty documents and expands Lists', () => {
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [JSON.parse('{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n"}}')],
    });
    const out = parseManifests('a.yaml', `${agent('one')}---\n---\n${agent('two')}---\n${list}\n`);
    expect(out.map((m) => (m.object.metadata as { name: string }).name)).toEqual(['one', 'two', 'n']);
    expect(out.every((m) => m.file === 'a.yaml')).toBe(true);
  });

  it('names the file on a YAML syntax error and on a missing kind', () => {
    expect(() => parseManifests('bad.yaml', 'a: [1,\n')).toThrow(/bad\.yaml/);
    expect(() => parseManifests('nokind.yaml', 'apiVersion: v1\nmetadata: {name: x}\n')).toThrow(
      /nokind\.yaml: kind not set/,
    );
  });
});

describe('loadSources', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gitops-load-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('walks directories recursively in path order and ignores other extensions', async () => {
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'b.yaml'), agent('b'));
    await writeFile(join(dir, 'a.yml'), agent('a'));
    await writeFile(
      join(dir, 'sub', 'c.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'c' } }),
    );
    await writeFile(join(dir, 'README.md'), '# not a manifest');
    const out = await loadSources([dir], []);
    expect(out.map((m) => (m.object.metadata as { name: string }).name)).toEqual(['a', 'b', 'c']);
  });

  it('fails on a missing path and when no path is given', async () => {
    await expect(loadSources([join(dir, 'nope')], [])).rejects.toThrow(/does not exist/);
    await expect(loadSources([], [])).rejects.toThrow(/-f and -k/);
  });

  it('loads a kustomization with its namespace override', async () => {
    await writeFile(join(dir, 'one.yaml'), agent('one'));
    await writeFile(join(dir, 'kustomization.yaml'), 'resources: [one.yaml]\nnamespace: other\n');
    const out = await loadKustomization(dir);
    expect(out).toHaveLength(1);
    expect((out[0]?.object.metadata as { namespace: string }).namespace).toBe('other');
  });
});
