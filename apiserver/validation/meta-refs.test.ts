import { describe, expect, it } from '@jest/globals';
import { validateFinalizers, validateManagedFields, validateOwnerReferences } from './meta-refs.js';

const msgs = (errs: { message: string }[]): string[] => errs.map((e) => e.message);
const P = 'metadata.ownerReferences';

describe('validateOwnerReferences', () => {
  const ok = { apiVersion: 'orgplane.io/v1alpha1', kind: 'Organization', name: 'acme', uid: 'u1' };

  it('accepts complete references', () => {
    expect(validateOwnerReferences([ok], P)).toEqual([]);
  });
  it('reports empty fields at the unindexed path, as kube does', () => {
    expect(msgs(validateOwnerReferences([{}], P))).toEqual([
      `${P}.apiVersion: Invalid value: "": version must not be empty`,
      `${P}.kind: Invalid value: "": must not be empty`,
      `${P}.name: Invalid value: "": must not be empty`,
      `${P}.uid: Invalid value: "": must not be empty`,
    ]);
    expect(msgs(validateOwnerReferences([{ ...ok, apiVersion: 'a/b/c' }], P))).toEqual([
      `${P}.apiVersion: Invalid value: "a/b/c": version must not be empty`,
    ]);
  });
  it('refuses Events as owners', () => {
    expect(
      msgs(validateOwnerReferences([{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }], P)),
    ).toEqual([
      `${P}: Invalid value: {"apiVersion":"v1","kind":"Event","name":"e","uid":"u"}: /v1, Kind=Event is disallowed from being an owner`,
    ]);
  });
  it('allows one controller', () => {
    const refs = [
      { ...ok, controller: true },
      { ...ok, name: 'b', controller: true },
    ];
    expect(msgs(validateOwnerReferences(refs, P))).toEqual([
      `${P}: Invalid value: [{"apiVersion":"orgplane.io/v1alpha1","kind":"Organization","name":"acme","uid":"u1","controller":true},{"apiVersion":"orgplane.io/v1alpha1","kind":"Organization","name":"b","uid":"u1","controller":true}]: Only one reference can have Controller set to true. Found "true" in references for Organization/acme and Organization/b`,
    ]);
  });
  it('reports wrong types', () => {
    expect(msgs(validateOwnerReferences('x', P))).toEqual([
      `${P}: Invalid value: "string": ${P} in body must be of type array: "string"`,
    ]);
    expect(msgs(validateOwnerReferences([5, { ...ok, controller: 'yes' }], P))).toEqual([
      `${P}[0]: Invalid value: "integer": ${P}[0] in body must be of type object: "integer"`,
      `${P}[1].controller: Invalid value: "string": ${P}[1].controller in body must be of type boolean: "string"`,
    ]);
  });
});

describe('validateFinalizers', () => {
  const F = 'metadata.finalizers';
  it('accepts qualified names', () => {
    expect(validateFinalizers(['orgplane.io/billing', 'kubernetes'], F)).toEqual([]);
  });
  it('rejects bad names at the unindexed path', () => {
    expect(msgs(validateFinalizers(['a/b/c'], F))[0]).toMatch(
      /^metadata\.finalizers: Invalid value: "a\/b\/c": a qualified name/,
    );
  });
  it('refuses orphan together with foregroundDeletion', () => {
    expect(msgs(validateFinalizers(['orphan', 'foregroundDeletion'], F))).toEqual([
      `${F}: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set`,
    ]);
  });
  it('reports non-strings', () => {
    expect(msgs(validateFinalizers([1], F))).toEqual([
      `${F}[0]: Invalid value: "integer": ${F}[0] in body must be of type string: "integer"`,
    ]);
  });
});

describe('validateManagedFields', () => {
  const M = 'metadata.managedFields';
  it('accepts kubectl entries', () => {
    const e = {
      manager: 'kubectl',
      operation: 'Apply',
      apiVersion: 'v1',
      fieldsType: 'FieldsV1',
      fieldsV1: {},
    };
    expect(validateManagedFields([e], M)).toEqual([]);
  });
  it('checks operation, fieldsType and manager', () => {
    const e = {
      manager: 'a\u0007b',
      operation: 'Patch',
      fieldsType: 'FieldsV2',
      subresource: 's'.repeat(257),
    };
    expect(msgs(validateManagedFields([e], M))).toEqual([
      `${M}[0].operation: Invalid value: "Patch": must be \`Apply\` or \`Update\``,
      `${M}[0].fieldsType: Invalid value: "FieldsV2": must be \`FieldsV1\``,
      `${M}[0].manager: Invalid value: "a\\ab": invalid character U+0007 (at position 1)`,
      `${M}[0].subresource: Too long: may not be more than 256 bytes`,
    ]);
    expect(msgs(validateManagedFields([{ manager: 'm'.repeat(129), operation: 'Update' }], M))).toEqual([
      `${M}[0].manager: Too long: may not be more than 128 bytes`,
    ]);
  });
});
