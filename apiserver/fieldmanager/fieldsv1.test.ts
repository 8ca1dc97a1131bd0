import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { decodeFields, encodeFields } from './fieldsv1.js';
import { fromPaths, paths } from './fieldset.js';
import { compareElements, keyPE, parseElement, pathString, valuePE } from './pathelement.js';

describe('FieldsV1', () => {
  it('encodes leaves as {} and members with children with "."', () => {
    const set = fromPaths([
      ['f:spec', 'f:model'],
      ['f:spec', 'f:connectors', 'k:{"name":"a"}'],
      ['f:spec', 'f:connectors', 'k:{"name":"a"}', 'f:url'],
      ['f:metadata', 'f:labels', 'f:app'],
    ]);
    expect(encodeFields(set)).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': { 'f:connectors': { 'k:{"name":"a"}': { '.': {}, 'f:url': {} } }, 'f:model': {} },
    });
    expect(JSON.stringify(encodeFields(set))).toBe(
      '{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:connectors":{"k:{\\"name\\":\\"a\\"}":{"f:url":{},".":{}}},"f:model":{}}}',
    );
  });

  it('decodes what it encodes', () => {
    const set = fromPaths([['f:a'], ['f:b', 'v:"x"'], ['f:b'], ['f:c', 'i:2', 'f:d']]);
    const back = decodeFields(encodeFields(set));
    expect(back.ok && paths(back.set)).toEqual(paths(set));
  });

  const element = fc.constantFrom(
    'f:a',
    'f:b',
    'f:spec',
    'f:x.y',
    'i:0',
    'i:10',
    'i:2',
    'v:"x"',
    'k:{"name":"a"}',
  );
  test.prop([fc.array(fc.array(element, { minLength: 1, maxLength: 4 }), { maxLength: 12 })], { seed: 1207 })(
    'writes each element of a level once, members with children marked ".", in element order; decodes back',
    (given) => {
      const set = fromPaths(given);
      const walk = (obj: Record<string, unknown>): void => {
        const keys = Object.keys(obj).filter((k) => k !== '.');
        expect(keys).toEqual([...keys].sort(compareElements));
        for (const k of keys) walk(obj[k] as Record<string, unknown>);
      };
      const encoded = encodeFields(set);
      walk(encoded);
      const back = decodeFields(encoded);
      expect(back.ok && paths(back.set)).toEqual(paths(set));
    },
  );

  it('canonicalises key and value elements from clients', () => {
    expect(parseElement('k:{"b":1, "a":"x"}')).toEqual({ ok: true, pe: 'k:{"a":"x","b":1}' });
    expect(parseElement('v:"a<b"')).toEqual({ ok: true, pe: 'v:"a\\u003cb"' });
    expect(parseElement('z:whatever')).toEqual({ ok: true, pe: '' });
    expect(parseElement('k:[1]').ok).toBe(false);
    expect(parseElement('i:x').ok).toBe(false);
    expect(parseElement('f').ok).toBe(false);
  });

  it('refuses malformed FieldsV1 without throwing', () => {
    expect(decodeFields('x').ok).toBe(false);
    expect(decodeFields({ 'f:a': 1 }).ok).toBe(false);
    expect(decodeFields({ 'k:{': {} }).ok).toBe(false);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 500; i++) deep = { 'f:x': deep };
    expect(decodeFields(deep)).toEqual({ ok: false, error: 'fieldsV1 nests too deeply' });
    expect(decodeFields(null).ok).toBe(true);
  });

  it('prints paths the way kube does in conflicts', () => {
    expect(pathString(['f:spec', 'f:model'])).toBe('.spec.model');
    expect(pathString(['f:spec', 'f:connectors', keyPE([['name', 'a']]), 'f:url'])).toBe(
      '.spec.connectors[name="a"].url',
    );
    expect(pathString(['f:metadata', 'f:finalizers', valuePE('x')])).toBe('.metadata.finalizers[="x"]');
    expect(
      pathString([
        'f:spec',
        'f:ports',
        keyPE([
          ['protocol', 'TCP'],
          ['port', 80],
        ]),
      ]),
    ).toBe('.spec.ports[port=80,protocol="TCP"]');
  });
});
