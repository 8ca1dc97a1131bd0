/**
 * Generators of hostile requests for the fuzz suite: bodies (JSON and YAML, deep nesting, huge
 * numbers, duplicate keys, wrong types, unicode, prototype keys, alias bombs), paths and query
 * strings, headers and patch documents. Every generated request is one a client can send: paths
 * and header values are kept to what HTTP/1.1 lets through.
 */
import fc from 'fast-check';

export interface HostileRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

const V = 'orgplane.io/v1alpha1';
const NS = 'fz';

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '..',
  '../..',
  '%2e%2e',
  'ü',
  '😀',
  'a'.repeat(300),
  '-x',
  'A_B',
  '\u202e',
];
const ODD_NUMBERS = [0, -1, 1e308, -1e308, 2 ** 53 + 1, 1.5, Number.MAX_SAFE_INTEGER];

const oddString = fc.oneof(
  fc.constantFrom(...ODD_STRINGS, ...PROTO_KEYS),
  fc.string(),
  fc.string({ unit: 'binary' }),
);
const oddScalar = fc.oneof(
  oddString,
  fc.constantFrom(...ODD_NUMBERS),
  fc.boolean(),
  fc.constant(null),
  fc.integer(),
  fc.double(),
);

/** Any JSON value, with prototype keys among the object keys. */
const oddJson: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    oddScalar,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(oddString, fc.constantFrom(...PROTO_KEYS)), tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** Nesting far past any sane document: arrays or objects `depth` levels deep. */
const deepJson = fc
  .tuple(fc.integer({ min: 500, max: 5000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
  );

/** An Agent whose fields may each be replaced by something of the wrong type. */
const agentLike = fc
  .record(
    {
      apiVersion: fc.oneof(fc.constant(V), oddScalar),
      kind: fc.oneof(fc.constant('Agent'), oddScalar),
      metadata: fc.oneof(
        fc.record(
          {
            name: fc.oneof(fc.constantFrom('a1', 'a2'), oddScalar),
            namespace: fc.oneof(fc.constant(NS), oddScalar),
            labels: fc.oneof(fc.dictionary(oddString, oddString, { maxKeys: 3 }), oddJson),
            annotations: oddJson,
            resourceVersion: fc.oneof(fc.constantFrom('1', '0', '-1', 'x'), oddScalar),
            finalizers: oddJson,
            ownerReferences: oddJson,
            generateName: oddScalar,
          },
          { requiredKeys: [] },
        ),
        oddJson,
      ),
      spec: fc.oneof(
        fc.record(
          { model: fc.oneof(fc.constant('m'), oddScalar), tools: oddJson, instructions: oddScalar },
          { requiredKeys: [] },
        ),
        oddJson,
      ),
      status: oddJson,
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.stringify(o));

/** JSON text with a key repeated (JSON.parse keeps the last one). */
const duplicateKeys = fc
  .tuple(oddString, oddString)
  .map(
    ([a, b]) =>
      `{"apiVersion":"${V}","kind":"Agent","metadata":{"name":"dup","name":${JSON.stringify(a)}},"spec":{"model":"m","model":${JSON.stringify(b)}}}`,
  );

/** YAML with anchors: a "billion laughs" of `levels` levels of `width` aliases each. */
const aliasBomb = fc
  .tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 }))
  .map(([levels, width]) => {
    const lines = ['a0: &a0 ["lol"]'];
    for (let i = 1; i <= levels; i++)
      lines.push(
        `a${String(i)}: &a${String(i)} [${Array.from({ length: width }, () => `*a${String(i - 1)}`).join(',')}]`,
      );
    return `apiVersion: ${V}\nkind: Agent\nmetadata: {name: bomb}\nspec:\n  model: m\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
  });

const yamlish = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '- a\n- b',
    'a: [',
    '{',
    '!!binary x',
    '? a\n: b',
    'a: !!js/function "f"',
    '%YAML 9.9\n---\na: 1',
    'a: *missing',
  ),
  agentLike,
);

export const bodies: fc.Arbitrary<string> = fc.oneof(
  agentLike,
  oddJson.map((v) => JSON.stringify(v)),
  duplicateKeys,
  deepJson,
  fc.string(),
  fc.string({ unit: 'binary' }),
);
export const yamlBodies: fc.Arbitrary<string> = fc.oneof(yamlish, aliasBomb, deepJson);

const CONTENT_TYPES = [
  'application/json',
  'application/yaml',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
  'application/vnd.kubernetes.protobuf',
  'text/plain',
  'application/json; charset=utf-16',
  '*/*',
  'garbage',
];

const opAny = fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus');
const pointer = fc.oneof(
  fc.constantFrom(
    '/metadata/labels/x',
    '/spec/model',
    '/metadata/name',
    '/metadata/resourceVersion',
    '/status',
    '/',
    '',
    '/__proto__/polluted',
    '/metadata/labels/~1~0',
    '/spec/tools/-',
    '/spec/tools/99999999',
  ),
  fc.string().map((s) => `/${s}`),
);
const jsonPatch = fc
  .array(fc.record({ op: opAny, path: pointer, from: pointer, value: oddJson }, { requiredKeys: ['op'] }), {
    maxLength: 6,
  })
  .map((ops) => JSON.stringify(ops));

export const patches: fc.Arbitrary<{ body: string; contentType: string }> = fc.oneof(
  fc.record({ body: jsonPatch, contentType: fc.constant('application/json-patch+json') }),
  fc.record({
    body: fc.oneof(
      agentLike,
      oddJson.map((v) => JSON.stringify(v)),
    ),
    contentType: fc.constantFrom(...CONTENT_TYPES),
  }),
  fc.record({ body: yamlBodies, contentType: fc.constant('application/apply-patch+yaml') }),
);

const PARAMS = [
  'limit',
  'continue',
  'resourceVersion',
  'resourceVersionMatch',
  'labelSelector',
  'fieldSelector',
  'timeoutSeconds',
  'dryRun',
  'fieldManager',
  'fieldValidation',
  'force',
  'propagationPolicy',
  'gracePeriodSeconds',
  'orphanDependents',
  'pretty',
  'allowWatchBookmarks',
  'sendInitialEvents',
];
const VALUES = [
  '',
  '0',
  '-1',
  'abc',
  '1e999',
  '99999999999999999999',
  'true',
  'All',
  'Exact',
  'NotOlderThan',
  'Strict',
  'Background',
  'Foreground',
  'a=b',
  'a!=b,c in (d)',
  'a in (',
  '!!',
  'metadata.name=x',
  'spec.model==m',
  'x=y',
  '=',
  ',',
  'bm90IGpzb24=',
  'eyJydiI6LTF9',
  '%00',
  '%ZZ',
  'a'.repeat(1000),
];

/** Label and field selectors built from selector tokens, well formed or not. */
export const selectors: fc.Arbitrary<string> = fc
  .array(
    fc.constantFrom(
      'a',
      'b.c/d',
      '=',
      '==',
      '!=',
      'in',
      'notin',
      '(',
      ')',
      ',',
      '!',
      'x',
      ' ',
      'metadata.name',
      'metadata.namespace',
      'status.phase',
      '\\',
      '-',
      '_',
      'é',
    ),
    { maxLength: 10 },
  )
  .map((t) => t.join(''));

const enc = (s: string): string => encodeURIComponent(s);

const query: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...PARAMS), fc.string()),
      fc.oneof(fc.constantFrom(...VALUES), selectors, fc.string()),
    ),
    { maxLength: 4 },
  )
  .map((kv) => (kv.length === 0 ? '' : `?${kv.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}`));

const SEGMENTS = [
  'api',
  'apis',
  'v1',
  'orgplane.io',
  'v1alpha1',
  'namespaces',
  NS,
  'agents',
  'organizations',
  'a1',
  'status',
  'rbac.authorization.k8s.io',
  'rolebindings',
  'serviceaccounts',
  'token',
  'password',
  '..',
  '.',
  '%2e%2e',
  '%2F',
  '%00',
  '%ZZ',
  'openapi',
  'v2',
  'v3',
  'version',
  'healthz',
  'metrics',
  'login',
  'namespaces%2Ffz',
  'ü',
  '%F0%9F%98%80',
  'apiextensions.k8s.io',
  'customresourcedefinitions',
  'auditevents',
  'finalize',
];

export const paths: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...SEGMENTS) },
        { weight: 1, arbitrary: fc.string().map(enc) },
      ),
      { minLength: 0, maxLength: 8 },
    ),
    query,
  )
  .map(([segs, q]) => `/${segs.join('/')}${q}`);

const goodPaths = fc.constantFrom(
  `/apis/${V}/namespaces/${NS}/agents`,
  `/apis/${V}/namespaces/${NS}/agents/a1`,
  `/apis/${V}/namespaces/${NS}/agents/a1/status`,
  `/apis/${V}/agents`,
  `/apis/${V}/organizations`,
  `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`,
);

export const resourcePaths: fc.Arbitrary<string> = fc.tuple(goodPaths, query).map(([p, q]) => p + q);

/** Header values HTTP lets through (visible ASCII and spaces). */
const headerValue = fc.oneof(
  fc.constantFrom(
    '',
    'Bearer',
    'Bearer x',
    'Bearer a.b.c',
    'Basic Zm9vOmJhcg==',
    'system:masters',
    'admin',
    'nobody',
    'Bearer ' + 'e'.repeat(5000),
  ),
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 .:-_=/+'.split('')) }),
);

export const headers: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'Impersonate-User': headerValue,
    'Impersonate-Group': headerValue,
    'Impersonate-Uid': headerValue,
    'Impersonate-Extra-scopes': headerValue,
    Authorization: headerValue,
    Accept: fc.oneof(
      fc.constantFrom(
        'application/json;as=Table;v=v1;g=meta.k8s.io',
        'application/vnd.kubernetes.protobuf',
        'text/html',
        '*/*',
        'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
      ),
      headerValue,
    ),
    'Content-Type': fc.oneof(fc.constantFrom(...CONTENT_TYPES), headerValue),
  },
  { requiredKeys: [] },
);

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const method = fc.constantFrom(...METHODS);
