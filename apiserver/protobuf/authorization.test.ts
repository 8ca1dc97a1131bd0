import { describe, expect, it } from '@jest/globals';
import { decodeProtobufObject } from './index.js';
import { body, decodeError, fuzzFailures, hex, int, msg, str } from './testkit.js';

// Bodies recorded from kubectl 1.32.5 against a recording server.
const REAL = {
  // kubectl auth can-i --list -n ns1
  canIListNs1:
    '6b3873000a310a17617574686f72697a6174696f6e2e6b38732e696f2f7631121653656c665375626a65637452756c6573526576696577121f0a100a0012001a0022002a0032003800420012050a036e73311a04180022001a002200',
  // kubectl auth can-i --list (namespace from the kubeconfig context: "default")
  canIListDefault:
    '6b3873000a310a17617574686f72697a6174696f6e2e6b38732e696f2f7631121653656c665375626a65637452756c657352657669657712230a100a0012001a0022002a0032003800420012090a0764656661756c741a04180022001a002200',
};

const V1 = 'authorization.k8s.io/v1';

describe('SelfSubjectRulesReview', () => {
  it('decodes `kubectl auth can-i --list`: incomplete is always written, nil rule lists are omitted', () => {
    expect(decodeProtobufObject(hex(REAL.canIListNs1))).toStrictEqual({
      apiVersion: V1,
      kind: 'SelfSubjectRulesReview',
      metadata: {},
      spec: { namespace: 'ns1' },
      status: { incomplete: false },
    });
    expect(decodeProtobufObject(hex(REAL.canIListDefault))['spec']).toStrictEqual({ namespace: 'default' });
  });

  it('decodes a filled-in status', () => {
    const review = body(
      V1,
      'SelfSubjectRulesReview',
      msg(1),
      msg(2),
      msg(
        3,
        msg(1, str(1, 'get'), str(1, 'list'), str(2, ''), str(3, 'pods'), str(4, 'p1')),
        msg(1),
        msg(2, str(1, 'get'), str(2, '/healthz')),
        int(3, 1),
        str(4, 'webhook: no rules'),
      ),
    );
    expect(decodeProtobufObject(review)).toStrictEqual({
      apiVersion: V1,
      kind: 'SelfSubjectRulesReview',
      metadata: {},
      spec: {},
      status: {
        resourceRules: [
          { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: ['p1'] },
          {},
        ],
        nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
        incomplete: true,
        evaluationError: 'webhook: no rules',
      },
    });
  });

  it('writes the zero status when none is sent', () => {
    const review = body(V1, 'SelfSubjectRulesReview', msg(2, str(1, 'ns1')));
    expect(decodeProtobufObject(review)).toStrictEqual({
      apiVersion: V1,
      kind: 'SelfSubjectRulesReview',
      metadata: {},
      spec: { namespace: 'ns1' },
      status: { incomplete: false },
    });
  });

  it('answers 400 for a wrongly typed field', () => {
    const badIncomplete = body(V1, 'SelfSubjectRulesReview', msg(3, str(3, 'yes')));
    expect(decodeError(() => decodeProtobufObject(badIncomplete)).message).toMatch(/not a varint/);
    const badNamespace = body(V1, 'SelfSubjectRulesReview', msg(2, int(1, 7)));
    expect(decodeError(() => decodeProtobufObject(badNamespace)).code).toBe(400);
  });

  it('survives every truncation and many byte flips of real bodies with only typed errors', () => {
    expect(fuzzFailures(Object.values(REAL).map(hex), decodeProtobufObject)).toEqual([]);
  });
});
