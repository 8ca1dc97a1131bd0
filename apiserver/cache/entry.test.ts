import { describe, expect, it } from '@jest/globals';
import { fc, test as fcTest } from '@fast-check/jest';
import type { KubeObject } from '../../api/meta.js';
import { decode, encode } from '../storage/codec.js';
import { hasMember, withResourceVersion } from './entry.js';

const kv = (value: string, modRevision = 42) => ({ value, modRevision });

describe('withResourceVersion', () => {
  it('sets resourceVersion in what codec.encode wrote, as decode would', () => {
    const obj: KubeObject = {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'a', namespace: 'acme', labels: { x: '"resourceVersion' } },
      spec: { model: 'm' },
    };
    const json = withResourceVersion(kv(encode(obj)));
    expect(JSON.parse(json)).toEqual(decode(kv(encode(obj))));
  });

  it('handles empty metadata and text it cannot place (key order, a stored resourceVersion)', () => {
    expect(JSON.parse(withResourceVersion(kv('{"apiVersion":"v1","kind":"X","metadata":{}}')))).toEqual({
      apiVersion: 'v1',
      kind: 'X',
      metadata: { resourceVersion: '42' },
    });
    const odd = '{"kind":"X","apiVersion":"v1","metadata":{"resourceVersion":"7","name":"n"}}';
    expect(JSON.parse(withResourceVersion(kv(odd)))).toEqual({
      kind: 'X',
      apiVersion: 'v1',
      metadata: { resourceVersion: '42', name: 'n' },
    });
  });

  fcTest.prop(
    [
      fc.record({
        apiVersion: fc.string(),
        kind: fc.string(),
        metadata: fc.dictionary(fc.string(), fc.jsonValue()),
        spec: fc.jsonValue(),
      }),
      fc.integer({ min: 1, max: 2 ** 40 }),
    ],
    { seed: 1206, numRuns: 300 },
  )('always equals decode-then-encode', (obj, rev) => {
    const value = encode(obj);
    expect(JSON.parse(withResourceVersion(kv(value, rev)))).toEqual(decode(kv(value, rev)));
  });

  it('places resourceVersion without a decode when only nested objects name one (Events, audit records)', () => {
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'acme', annotations: { resourceVersion: '"resourceVersion":' } },
      involvedObject: { kind: 'Agent', name: 'a', resourceVersion: '9' },
      reason: 'resourceVersion',
    };
    const json = withResourceVersion(kv(JSON.stringify(event)));
    expect(json).toBe(JSON.stringify(decode(kv(JSON.stringify(event)))));
    expect(JSON.parse(json)).toEqual({ ...event, metadata: { resourceVersion: '42', ...event.metadata } });
  });

  /** JSON that may name resourceVersion anywhere: in metadata itself, nested, or as a value. */
  const named = fc.oneof(fc.constant('resourceVersion'), fc.string());
  const value = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.jsonValue({ maxDepth: 1 }),
      fc.dictionary(named, tie('v'), { maxKeys: 3 }),
      fc.array(tie('v'), { maxLength: 3 }),
    ),
  })).v;

  fcTest.prop(
    [
      fc.record({
        apiVersion: fc.string(),
        kind: fc.string(),
        metadata: fc.dictionary(named, value, { maxKeys: 4 }),
        spec: value,
      }),
      fc.integer({ min: 1, max: 2 ** 40 }),
    ],
    { seed: 2612, numRuns: 500 },
  )('renders any stored text as decode would', (obj, rev) => {
    const stored = JSON.stringify(obj);
    const json = withResourceVersion(kv(stored, rev));
    expect(JSON.parse(json)).toEqual(decode(kv(stored, rev)));
    // (a stale resourceVersion left in metadata would win: JSON.parse keeps a key's last value)
  });

  it('finds a member of the object itself, not of its nested values or inside strings', () => {
    const at = (text: string): boolean => hasMember(text, 1, '"rv"');
    expect(at('{"a":1,"rv":"2"}')).toBe(true);
    expect(at('{"a":{"rv":"2"},"b":[{"rv":1}],"c":"\\"rv\\":","d":"rv"}')).toBe(false);
    expect(at('{"a":["]"],"rv":1}')).toBe(true);
    expect(at('{"a":{"b":{}}')).toBe(true); // ends inside the object: the caller decodes
    expect(at('{"a":"x\\"rv\\":')).toBe(true); // ends inside a string
    expect(at('{"a":"\\\\","rv":1}')).toBe(true); // an escaped backslash ends before the quote
    expect(at('{"rvx":1,"r":2,"rv" :3}')).toBe(false); // only "rv" directly followed by ':'
  });

  fcTest.prop(
    [fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), fc.oneof(fc.string(), fc.constant('rv'))],
    { seed: 20261207 },
  )('answers for any JSON object what a parse of it says', (obj, key) => {
    const text = JSON.stringify(obj);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(hasMember(text, 1, JSON.stringify(key))).toBe(Object.hasOwn(parsed, key));
    const member = Object.keys(parsed)[0];
    if (member !== undefined) expect(hasMember(text, 1, JSON.stringify(member))).toBe(true);
  });
});
