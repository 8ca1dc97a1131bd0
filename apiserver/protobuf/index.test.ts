import { describe, expect, it } from '@jest/globals';
import {
  DECODABLE_KINDS,
  decodeEnvelope,
  decodeProtobufMetadata,
  decodeProtobufObject,
  isProtobufContentType,
} from './index.js';
import { body, decodeError, entry, fuzzFailures, hex, int, msg, str } from './testkit.js';

// Bodies recorded from kubectl 1.32 (`kubectl -v=9` against a recording server).
const REAL = {
  // kubectl create namespace foo-bar
  createNamespace:
    '6b3873000a0f0a02763112094e616d657370616365121f0a170a07666f6f2d62617212001a0022002a0032003800420012001a020a001a002200',
  // kubectl auth can-i create deployments.apps -n team-a
  canICreateDeployments:
    '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a65637441636365737352657669657712490a100a0012001a0022002a00320038004200122b0a290a067465616d2d6112066372656174651a046170707322002a0b6465706c6f796d656e747332003a001a08080012001a0020001a002200',
  // kubectl auth can-i get /healthz
  canIGetHealthz:
    '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577122f0a100a0012001a0022002a003200380042001211120f0a082f6865616c74687a12036765741a08080012001a0020001a002200',
  // kubectl auth can-i get pods/mypod --subresource=log -n ns1
  canIGetPodLog:
    '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a65637441636365737352657669657712400a100a0012001a0022002a0032003800420012220a200a036e733112036765741a0022002a04706f647332036c6f673a056d79706f641a08080012001a0020001a002200',
};
describe('real kubectl 1.32 bodies', () => {
  it('decodes `kubectl create namespace`', () => {
    expect(decodeProtobufObject(hex(REAL.createNamespace))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'foo-bar' },
      spec: {},
      status: {},
    });
  });

  it('decodes `kubectl auth can-i` with resource attributes', () => {
    expect(decodeProtobufObject(hex(REAL.canICreateDeployments))).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: {
        resourceAttributes: { namespace: 'team-a', verb: 'create', group: 'apps', resource: 'deployments' },
      },
      status: { allowed: false },
    });
    expect(decodeProtobufObject(hex(REAL.canIGetPodLog))['spec']).toEqual({
      resourceAttributes: {
        namespace: 'ns1',
        verb: 'get',
        resource: 'pods',
        subresource: 'log',
        name: 'mypod',
      },
    });
  });

  it('decodes `kubectl auth can-i` with non-resource attributes', () => {
    expect(decodeProtobufObject(hex(REAL.canIGetHealthz))['spec']).toEqual({
      nonResourceAttributes: { path: '/healthz', verb: 'get' },
    });
  });

  it('survives every truncation and many byte flips of real bodies with only typed errors', () => {
    expect(fuzzFailures(Object.values(REAL).map(hex), decodeProtobufObject)).toEqual([]);
  });
});

describe('decodeProtobufObject', () => {
  it('decodes a Namespace with the ObjectMeta fields kube would keep', () => {
    const ns = body(
      'v1',
      'Namespace',
      msg(
        1,
        str(1, 'team-a'),
        str(2, 'team-'),
        str(3, ''),
        str(5, 'u-1'),
        str(6, '42'),
        int(7, 3),
        msg(8, int(1, 1700000000), int(2, 5)),
        int(10, 30),
        entry(11, 'app', 'demo'),
        entry(11, 'tier', 'web'),
        entry(12, 'note', 'hello'),
        msg(
          13,
          str(1, 'Organization'),
          str(3, 'team-a'),
          str(4, 'uid-9'),
          str(5, 'orgplane.io/v1alpha1'),
          int(6, 1),
        ),
        str(14, 'example.com/f'),
        str(14, 'example.com/g'),
      ),
      msg(2, str(1, 'kubernetes')),
      msg(3, str(1, 'Active')),
    );
    expect(decodeProtobufObject(ns)).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'team-a',
        generateName: 'team-',
        uid: 'u-1',
        resourceVersion: '42',
        generation: 3,
        creationTimestamp: '2023-11-14T22:13:20Z',
        deletionGracePeriodSeconds: 30,
        labels: { app: 'demo', tier: 'web' },
        annotations: { note: 'hello' },
        ownerReferences: [
          {
            apiVersion: 'orgplane.io/v1alpha1',
            kind: 'Organization',
            name: 'team-a',
            uid: 'uid-9',
            controller: true,
          },
        ],
        finalizers: ['example.com/f', 'example.com/g'],
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('omits a zero creationTimestamp written explicitly as 0001-01-01', () => {
    const ns = body('v1', 'Namespace', msg(1, str(1, 'a'), msg(8, int(1, -62135596800n))));
    expect(decodeProtobufObject(ns).metadata).toEqual({ name: 'a' });
  });

  it('keeps a "__proto__" label as plain data without touching any prototype', () => {
    const ns = body('v1', 'Namespace', msg(1, entry(11, '__proto__', 'x'), entry(11, 'polluted', 'y')));
    const labels = decodeProtobufObject(ns).metadata.labels ?? {};
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    expect(Object.keys(labels)).toEqual(['__proto__', 'polluted']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('decodes SelfSubjectAccessReview selectors and status', () => {
    const review = body(
      'authorization.k8s.io/v1',
      'SelfSubjectAccessReview',
      msg(1),
      msg(
        2,
        msg(
          1,
          str(2, 'list'),
          str(5, 'agents'),
          msg(8, str(1, 'metadata.name=a')),
          msg(9, msg(2, str(1, 'app'), str(2, 'In'), str(3, 'x'), str(3, 'y'))),
        ),
      ),
      msg(3, int(1, 1), str(2, 'RBAC: allowed')),
    );
    expect(decodeProtobufObject(review)).toMatchObject({
      spec: {
        resourceAttributes: {
          verb: 'list',
          resource: 'agents',
          fieldSelector: { rawSelector: 'metadata.name=a' },
          labelSelector: { requirements: [{ key: 'app', operator: 'In', values: ['x', 'y'] }] },
        },
      },
      status: { allowed: true, reason: 'RBAC: allowed' },
    });
  });

  it('decodes a SelfSubjectReview (kubectl auth whoami), with or without a status', () => {
    const empty = body('authentication.k8s.io/v1', 'SelfSubjectReview', msg(1), msg(2));
    expect(decodeProtobufObject(empty)).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: {},
      status: {},
    });
    const filled = body(
      'authentication.k8s.io/v1',
      'SelfSubjectReview',
      msg(1),
      msg(2, msg(1, str(1, 'alice'), str(2, 'u-1'), str(3, 'g1'), str(3, 'g2'))),
    );
    expect(decodeProtobufObject(filled)).toMatchObject({
      status: { userInfo: { username: 'alice', uid: 'u-1', groups: ['g1', 'g2'] } },
    });
  });

  it('answers 415 for kinds it does not decode, and lists the ones it does', () => {
    const pod = body('v1', 'Pod', msg(1, str(1, 'p'), str(3, 'ns1')));
    const err = decodeError(() => decodeProtobufObject(pod));
    expect(err.code).toBe(415);
    expect(err.reason).toBe('UnsupportedMediaType');
    expect(DECODABLE_KINDS).toEqual([
      'v1/Namespace',
      'v1/ConfigMap',
      'v1/Secret',
      'authentication.k8s.io/v1/SelfSubjectReview',
      'authorization.k8s.io/v1/SelfSubjectAccessReview',
      'authorization.k8s.io/v1/SelfSubjectRulesReview',
      'rbac.authorization.k8s.io/v1/Role',
      'rbac.authorization.k8s.io/v1/ClusterRole',
      'rbac.authorization.k8s.io/v1/RoleBinding',
      'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
    ]);
  });

  it('answers 400 for a malformed body', () => {
    expect(decodeError(() => decodeProtobufObject(Buffer.from('{"kind":"Namespace"}'))).code).toBe(400);
    expect(decodeError(() => decodeProtobufObject(new Uint8Array())).code).toBe(400);
    const noKind = Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...msg(1, str(1, 'v1'))]);
    expect(decodeError(() => decodeProtobufObject(noKind)).message).toMatch(/no apiVersion or kind/);
    const badName = body('v1', 'Namespace', msg(1, int(1, 5)));
    expect(decodeError(() => decodeProtobufObject(badName)).code).toBe(400);
    const badTime = body('v1', 'Namespace', msg(1, msg(8, int(1, 2n ** 62n))));
    expect(decodeError(() => decodeProtobufObject(badTime)).message).toMatch(/timestamp out of range/);
  });

  it('answers 415 for a compressed envelope', () => {
    const gz = Uint8Array.from([
      0x6b,
      0x38,
      0x73,
      0x00,
      ...msg(1, str(1, 'v1'), str(2, 'Namespace')),
      ...str(3, 'gzip'),
    ]);
    expect(decodeError(() => decodeEnvelope(gz)).code).toBe(415);
  });
});

describe('decodeProtobufMetadata', () => {
  it('decodes apiVersion, kind and metadata of any kind', () => {
    const pod = body(
      'v1',
      'Pod',
      msg(1, str(1, 'p'), str(3, 'ns1'), entry(11, 'app', 'x')),
      msg(2, str(1, 'junk')),
    );
    expect(decodeProtobufMetadata(pod)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns1', labels: { app: 'x' } },
    });
  });
});

describe('isProtobufContentType', () => {
  it.each([
    ['application/vnd.kubernetes.protobuf', true],
    ['Application/VND.Kubernetes.Protobuf; charset=utf-8', true],
    ['application/json', false],
    ['application/vnd.kubernetes.protobuf;stream=watch', true],
    [undefined, false],
  ])('%s → %s', (ct, expected) => {
    expect(isProtobufContentType(ct)).toBe(expected);
  });
});
