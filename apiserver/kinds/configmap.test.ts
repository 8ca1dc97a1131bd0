import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { configMapStrategy } from './configmap.js';

function cm(fields: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns1' }, ...fields };
}

const messages = (obj: KubeObject, old?: KubeObject): string[] =>
  (configMapStrategy.validate?.(obj, old) ?? []).map((c) => c.message);

describe('configmap strategy', () => {
  it('accepts kube keys in data and base64 in binaryData', () => {
    expect(messages(cm({ data: { 'a.b_C-1': 'x', e: '' }, binaryData: { bin: 'AP8=', z: '' } }))).toEqual([]);
  });

  it('refuses bad keys, duplicate keys and bad base64, as kube words them', () => {
    expect(messages(cm({ data: { 'a/b': 'x', dup: 'y' }, binaryData: { dup: 'AA==', bad: '!!' } }))).toEqual([
      expect.stringMatching(/^data\[a\/b\]: Invalid value: "a\/b": a valid config key/),
      'binaryData[dup]: Invalid value: "dup": duplicate of key present in data',
      'binaryData[bad]: Invalid value: must be base64 encoded',
    ]);
  });

  it('refuses more than 1 MiB in data and binaryData together', () => {
    const big = 'x'.repeat(1024 * 1024);
    expect(messages(cm({ data: { a: big } }))).toEqual([]);
    expect(messages(cm({ data: { a: big }, binaryData: { b: 'AA==' } }))).toEqual([
      '[]: Too long: may not be more than 1048576 bytes',
    ]);
  });

  it('keeps an immutable config map as it is', () => {
    const old = cm({ data: { a: '1' }, immutable: true });
    expect(messages(cm({ data: { a: '1' }, immutable: true }), old)).toEqual([]);
    expect(messages(cm({ data: { a: '2' }, binaryData: { b: '' } }), old)).toEqual([
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
      'binaryData: Forbidden: field is immutable when `immutable` is set',
    ]);
    expect(messages(cm({ data: { a: '2' } }), cm({ data: { a: '1' }, immutable: false }))).toEqual([]);
  });
});
