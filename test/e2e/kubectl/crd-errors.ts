/** A kind added and removed at runtime through a CRD, and how kubectl reports bad requests. */
import { expect, test } from '@jest/globals';
import { agent, docs, NS, type ScenarioGroup } from './harness.js';

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.e2e.example.com' },
  spec: {
    group: 'e2e.example.com',
    scope: 'Cluster',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', shortNames: ['gdg'] },
    versions: [
      {
        name: 'v1beta1',
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: [{ name: 'Weight', type: 'integer', jsonPath: '.spec.weight' }],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  weight: { type: 'integer', maximum: 100, description: 'How heavy, in grams.' },
                  shape: { type: 'string', enum: ['round', 'square'], default: 'round' },
                },
              },
              status: { type: 'object', properties: { polished: { type: 'boolean' } } },
            },
          },
        },
      },
    ],
  },
};

const gadget = (name: string, spec: Record<string, unknown>): string =>
  docs({ apiVersion: 'e2e.example.com/v1beta1', kind: 'Gadget', metadata: { name }, spec });

export const crdAndErrors: ScenarioGroup = (k) => {
  test('a CRD adds a cluster-scoped kind with defaults, validation, columns and explain; deleting it removes the kind', async () => {
    await k.ok(['apply', '-f', '-'], { stdin: docs(CRD) });
    await k.eventually(['get', 'gadgets']);
    const fresh = { freshCache: true };
    await k.ok(['apply', '-f', '-'], { stdin: gadget('g1', { weight: 5 }), ...fresh });
    expect(await k.ok(['get', 'gdg', 'g1', '-o', 'jsonpath={.spec.shape}'], fresh)).toBe('round');
    expect(await k.ok(['get', 'gadgets'], fresh)).toMatch(/^NAME +WEIGHT\ng1 +5\n$/);
    expect(await k.ok(['explain', 'gadget.spec.weight'], fresh)).toMatch(/How heavy, in grams\./);
    // status only through its subresource; spec changes bump generation, status changes do not
    const patch = (body: string, ...extra: string[]): Promise<string> =>
      k.ok(['patch', 'gadget', 'g1', '--type=merge', '-p', body, ...extra], fresh);
    await patch('{"status":{"polished":true}}', '--subresource=status');
    await patch('{"status":{"polished":false},"spec":{"weight":6}}');
    const state = [
      'get',
      'gadget',
      'g1',
      '-o',
      'jsonpath={.status.polished} {.spec.weight} {.metadata.generation}',
    ];
    expect(await k.ok(state, fresh)).toBe('true 6 2');
    const bad = await k.fails(['apply', '-f', '-'], {
      stdin: gadget('g2', { weight: 500, shape: 'hex' }),
      ...fresh,
    });
    expect(bad.stderr).toContain('The Gadget "g2" is invalid');
    expect(bad.stderr).toMatch(/spec\.shape: Unsupported value: "hex"/);
    expect(bad.stderr).toMatch(/spec\.weight: Invalid value: 500/);
    await k.ok(['delete', 'crd', 'gadgets.e2e.example.com']);
    const gone = await waitForGone(k.run.bind(k));
    expect(gone).toContain('the server doesn\'t have a resource type "gadgets"');
    // objects go with their CRD: a new CRD of the same name starts empty
    await k.ok(['apply', '-f', '-'], { stdin: docs(CRD) });
    await k.eventually(['get', 'gadgets', '-o', 'name'], /^$/);
    await k.ok(['delete', 'crd', 'gadgets.e2e.example.com']);
  });

  test('errors carry kube wording and a non-zero exit', async () => {
    const missing = await k.fails(['get', 'agent', 'nope', '-n', NS]);
    expect(missing).toMatchObject({
      code: 1,
      stderr: 'Error from server (NotFound): agents.orgplane.io "nope" not found\n',
    });
    const noKind = await k.fails(['get', 'gizmos']);
    expect(noKind.stderr).toContain('the server doesn\'t have a resource type "gizmos"');
    const noNs = await k.fails(['create', '-f', '-'], { stdin: docs(agent('lost', 'no-such-ns')) });
    expect(noNs.stderr).toContain('namespaces "no-such-ns" not found');
    await k.ok(['create', '-f', '-'], { stdin: docs(agent('twice', NS)) });
    const dup = await k.fails(['create', '-f', '-'], { stdin: docs(agent('twice', NS)) });
    expect(dup.stderr).toContain(
      'Error from server (AlreadyExists): error when creating "STDIN": agents.orgplane.io "twice" already exists',
    );
    const invalid = await k.fails(['apply', '-f', '-'], {
      stdin: docs({
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'Agent',
        metadata: { name: 'Bad_Name', namespace: NS },
        spec: { tools: 3 },
      }),
    });
    expect(invalid.stderr).toContain('The Agent "Bad_Name" is invalid');
    for (const field of ['metadata.name', 'spec.tools', 'spec.model'])
      expect(invalid.stderr).toContain(`* ${field}:`);
    const unknown = docs(agent('fancy', NS, { spec: { flavour: 'vanilla' } }));
    const strict = await k.fails(['apply', '-f', '-'], { stdin: unknown });
    expect(strict.stderr).toMatch(/BadRequest.*strict decoding error: unknown field "spec\.flavour"/);
    const warned = await k.run(['apply', '--validate=warn', '-f', '-'], { stdin: unknown });
    expect(warned).toMatchObject({ code: 0, stdout: 'agent.orgplane.io/fancy created\n' });
    expect(warned.stderr).toContain('unknown field "spec.flavour"');
    expect(await k.ok(['get', 'agent', 'fancy', '-n', NS, '-o', 'jsonpath={.spec}'])).toBe(
      '{"model":"gpt-4o-mini"}',
    );
    const strategic = await k.fails(['patch', 'agent', 'fancy', '-n', NS, '-p', '{"spec":{"model":"x"}}']);
    expect(strategic.stderr).toMatch(/UnsupportedMediaType|not supported/);
  });
};

/** Poll with fresh discovery until kubectl no longer knows "gadgets"; answer its error. */
async function waitForGone(
  run: (args: readonly string[], o: { freshCache: boolean }) => Promise<{ code: number; stderr: string }>,
): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const r = await run(['get', 'gadgets'], { freshCache: true });
    if (r.code !== 0) return r.stderr;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error('gadgets are still served 15 s after their CRD was deleted');
}
