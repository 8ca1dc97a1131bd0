import { describe, expect, it } from '@jest/globals';
import { decodeProtobufObject } from './index.js';
import { body, decodeError, entry, fuzzFailures, hex, msg, str } from './testkit.js';

// Bodies recorded from kubectl 1.32.5 against a recording server. The expected objects are what
// `kubectl ... --dry-run=client -o json` (kube's own JSON encoding) prints for the same command,
// minus the nulls kube writes for nil fields (creationTimestamp, rules): those are omitted.
const REAL = {
  // kubectl create rolebinding x --clusterrole=viewer --user=bob -n ns1
  roleBindingUser:
    '6b3873000a2b0a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f7631120b526f6c6542696e64696e6712720a140a017812001a036e733122002a0032003800420012280a04557365721219726261632e617574686f72697a6174696f6e2e6b38732e696f1a03626f6222001a300a19726261632e617574686f72697a6174696f6e2e6b38732e696f120b436c7573746572526f6c651a067669657765721a002200',
  // kubectl create rolebinding rb --role=r --serviceaccount=ns1:sa1 -n ns1
  roleBindingServiceAccount:
    '6b3873000a2b0a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f7631120b526f6c6542696e64696e67125b0a150a02726212001a036e733122002a00320038004200121c0a0e536572766963654163636f756e7412001a0373613122036e73311a240a19726261632e617574686f72697a6174696f6e2e6b38732e696f1204526f6c651a01721a002200',
  // kubectl create clusterrolebinding y --clusterrole=viewer --user=bob --group=devs --serviceaccount=ns1:sa1
  clusterRoleBinding:
    '6b3873000a320a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f76311212436c7573746572526f6c6542696e64696e6712b9010a110a017912001a0022002a0032003800420012280a04557365721219726261632e617574686f72697a6174696f6e2e6b38732e696f1a03626f622200122a0a0547726f75701219726261632e617574686f72697a6174696f6e2e6b38732e696f1a04646576732200121c0a0e536572766963654163636f756e7412001a0373613122036e73311a300a19726261632e617574686f72697a6174696f6e2e6b38732e696f120b436c7573746572526f6c651a067669657765721a002200',
  // kubectl create role r --verb=get --resource=pods -n ns1
  role: '6b3873000a240a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f76311204526f6c6512250a140a017212001a036e733122002a00320038004200120d0a0367657412001a04706f64731a002200',
  // kubectl create role logs --verb=get,list --resource=pods/log,configmaps --resource-name=cm1 -n ns1
  roleSubresource:
    '6b3873000a240a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f76311204526f6c6512430a170a046c6f677312001a036e733122002a0032003800420012280a036765740a046c69737412001a08706f64732f6c6f671a0a636f6e6669676d6170732203636d311a002200',
  // kubectl create clusterrole c --verb=get,list --resource=pods,deployments.apps --resource-name=a --resource-name=b
  clusterRole:
    '6b3873000a2b0a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f7631120b436c7573746572526f6c6512540a110a016312001a0022002a0032003800420012190a036765740a046c69737412001a04706f647322016122016212240a036765740a046c6973741204617070731a0b6465706c6f796d656e74732201612201621a002200',
  // kubectl create clusterrole nr --verb=get --non-resource-url=/healthz --non-resource-url=/logs/*
  clusterRoleNonResource:
    '6b3873000a2b0a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f7631120b436c7573746572526f6c65122e0a120a026e7212001a0022002a0032003800420012180a036765742a082f6865616c74687a2a072f6c6f67732f2a1a002200',
  // kubectl create clusterrole agg --aggregation-rule=rbac.example.com/aggregate-to-monitoring=true,tier=web
  clusterRoleAggregated:
    '6b3873000a2b0a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f7631120b436c7573746572526f6c6512580a130a0361676712001a0022002a003200380042001a410a3f0a300a28726261632e6578616d706c652e636f6d2f6167677265676174652d746f2d6d6f6e69746f72696e671204747275650a0b0a047469657212037765621a002200',
};

const RBAC = 'rbac.authorization.k8s.io';
const V1 = `${RBAC}/v1`;
const decodeHex = (h: string): unknown => JSON.parse(JSON.stringify(decodeProtobufObject(hex(h))));

describe('real kubectl 1.32 RBAC bodies', () => {
  it('decodes `kubectl create rolebinding` for a user and for a service account', () => {
    expect(decodeHex(REAL.roleBindingUser)).toStrictEqual({
      kind: 'RoleBinding',
      apiVersion: V1,
      metadata: { name: 'x', namespace: 'ns1' },
      subjects: [{ kind: 'User', apiGroup: RBAC, name: 'bob' }],
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'viewer' },
    });
    expect(decodeHex(REAL.roleBindingServiceAccount)).toStrictEqual({
      kind: 'RoleBinding',
      apiVersion: V1,
      metadata: { name: 'rb', namespace: 'ns1' },
      subjects: [{ kind: 'ServiceAccount', name: 'sa1', namespace: 'ns1' }],
      roleRef: { apiGroup: RBAC, kind: 'Role', name: 'r' },
    });
  });

  it('decodes `kubectl create clusterrolebinding` with user, group and service account', () => {
    expect(decodeHex(REAL.clusterRoleBinding)).toStrictEqual({
      kind: 'ClusterRoleBinding',
      apiVersion: V1,
      metadata: { name: 'y' },
      subjects: [
        { kind: 'User', apiGroup: RBAC, name: 'bob' },
        { kind: 'Group', apiGroup: RBAC, name: 'devs' },
        { kind: 'ServiceAccount', name: 'sa1', namespace: 'ns1' },
      ],
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'viewer' },
    });
  });

  it('decodes `kubectl create role`, keeping the core group "" in apiGroups', () => {
    expect(decodeHex(REAL.role)).toStrictEqual({
      kind: 'Role',
      apiVersion: V1,
      metadata: { name: 'r', namespace: 'ns1' },
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }],
    });
    expect(decodeHex(REAL.roleSubresource)).toStrictEqual({
      kind: 'Role',
      apiVersion: V1,
      metadata: { name: 'logs', namespace: 'ns1' },
      rules: [
        {
          verbs: ['get', 'list'],
          apiGroups: [''],
          resources: ['pods/log', 'configmaps'],
          resourceNames: ['cm1'],
        },
      ],
    });
  });

  it('decodes `kubectl create clusterrole` with resources, names and non-resource URLs', () => {
    expect(decodeHex(REAL.clusterRole)).toStrictEqual({
      kind: 'ClusterRole',
      apiVersion: V1,
      metadata: { name: 'c' },
      rules: [
        { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: ['a', 'b'] },
        {
          verbs: ['get', 'list'],
          apiGroups: ['apps'],
          resources: ['deployments'],
          resourceNames: ['a', 'b'],
        },
      ],
    });
    expect(decodeHex(REAL.clusterRoleNonResource)).toStrictEqual({
      kind: 'ClusterRole',
      apiVersion: V1,
      metadata: { name: 'nr' },
      rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/logs/*'] }],
    });
  });

  it('decodes `kubectl create clusterrole --aggregation-rule` (no rules, as kube omits after pruning)', () => {
    expect(decodeHex(REAL.clusterRoleAggregated)).toStrictEqual({
      kind: 'ClusterRole',
      apiVersion: V1,
      metadata: { name: 'agg' },
      aggregationRule: {
        clusterRoleSelectors: [
          { matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true', tier: 'web' } },
        ],
      },
    });
  });

  it('survives every truncation and many byte flips with only typed errors', () => {
    expect(fuzzFailures(Object.values(REAL).map(hex), decodeProtobufObject, 800)).toEqual([]);
  });
});

describe('RBAC decoding beyond what kubectl sends', () => {
  it('decodes matchExpressions and keeps key/operator even when empty', () => {
    const role = body(
      V1,
      'ClusterRole',
      msg(1, str(1, 'agg')),
      msg(
        3,
        msg(1, entry(1, 'a', 'b'), msg(2, str(1, 'tier'), str(2, 'In'), str(3, 'web'), str(3, 'api'))),
        msg(1, msg(2, str(2, 'Exists'))),
        msg(1),
      ),
    );
    expect(decodeProtobufObject(role)).toStrictEqual({
      apiVersion: V1,
      kind: 'ClusterRole',
      metadata: { name: 'agg' },
      aggregationRule: {
        clusterRoleSelectors: [
          {
            matchLabels: { a: 'b' },
            matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }],
          },
          { matchExpressions: [{ key: '', operator: 'Exists' }] },
          {},
        ],
      },
    });
  });

  it('writes an empty aggregationRule and an empty PolicyRule as {}', () => {
    const role = body(V1, 'ClusterRole', msg(1, str(1, 'e')), msg(2), msg(3));
    expect(decodeProtobufObject(role)).toStrictEqual({
      apiVersion: V1,
      kind: 'ClusterRole',
      metadata: { name: 'e' },
      rules: [{}],
      aggregationRule: {},
    });
  });

  it('writes a missing roleRef and subject names as kube does: zero strings, for validation to reject', () => {
    const binding = body(V1, 'RoleBinding', msg(1, str(1, 'b')), msg(2, str(1, 'User')));
    expect(decodeProtobufObject(binding)).toStrictEqual({
      apiVersion: V1,
      kind: 'RoleBinding',
      metadata: { name: 'b' },
      subjects: [{ kind: 'User', name: '' }],
      roleRef: { apiGroup: '', kind: '', name: '' },
    });
  });

  it('answers 400 for a wrongly typed or truncated field', () => {
    expect(decodeError(() => decodeProtobufObject(body(V1, 'Role', msg(2, [0x08, 0x01])))).code).toBe(400);
    const badUtf8 = body(V1, 'RoleBinding', msg(3, [0x1a, 0x01, 0xff]));
    expect(decodeError(() => decodeProtobufObject(badUtf8)).message).toMatch(/UTF-8/);
    const truncated = body(V1, 'ClusterRole', msg(3, [0x0a, 0x05, 0x0a]));
    expect(decodeError(() => decodeProtobufObject(truncated)).code).toBe(400);
  });
});
