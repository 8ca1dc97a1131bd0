/**
 * FieldsV1 <-> FieldSet. FieldsV1 is a JSON object: each key a path element, each value the
 * object of its children; `{}` marks a member leaf and a `"."` key marks a node that is both a
 * member and has children (`{"f:spec":{"f:model":{}}}`, `{"k:{\"name\":\"a\"}":{".":{},"f:image":{}}}`).
 */
import { compareElements, parseElement } from './pathelement.js';
import { FieldSetBuilder, type FieldSet } from './fieldset.js';
import { isObject, setOwn, type JsonObject } from '../../api/json.js';

function encodeNode(s: FieldSet, self: boolean): JsonObject {
  const out: JsonObject = {};
  const keys = [...new Set([...s.members, ...s.children.keys()])].sort(compareElements);
  for (const pe of keys) {
    const c = s.children.get(pe);
    setOwn(out, pe, c ? encodeNode(c, s.members.has(pe)) : {});
  }
  if (self && keys.length > 0) out['.'] = {};
  return out;
}

/** The FieldsV1 object of a set, in structured-merge-diff's order. */
export function encodeFields(s: FieldSet): JsonObject {
  return encodeNode(s, false);
}

export type DecodedFields =
  { readonly ok: true; readonly set: FieldSet } | { readonly ok: false; readonly error: string };

const MAX_FIELDS_DEPTH = 100;

/** Adds the elements of one FieldsV1 level to `into`; returns an error text for a bad shape. */
function decodeNode(obj: JsonObject, into: FieldSetBuilder, depth: number): string | undefined {
  if (depth > MAX_FIELDS_DEPTH) return 'fieldsV1 nests too deeply';
  for (const [key, value] of Object.entries(obj)) {
    if (key === '.') continue;
    if (!isObject(value)) return `value of ${JSON.stringify(key)} must be an object`;
    const parsed = parseElement(key);
    if (!parsed.ok) return parsed.error;
    if (parsed.pe === '') continue;
    const childKeys = Object.keys(value);
    const member = childKeys.length === 0 || Object.hasOwn(value, '.');
    if (member) into.addMember(parsed.pe);
    if (childKeys.some((k) => k !== '.')) {
      const err = decodeNode(value, into.child(parsed.pe), depth + 1);
      if (err !== undefined) return err;
    }
  }
  return undefined;
}

/** Parses a (possibly hostile) FieldsV1 value; undefined or null is the empty set. */
export function decodeFields(fields: unknown): DecodedFields {
  if (fields === undefined || fields === null) return { ok: true, set: new FieldSetBuilder().build() };
  if (!isObject(fields)) return { ok: false, error: 'fieldsV1 must be an object' };
  const b = new FieldSetBuilder();
  const err = decodeNode(fields, b, 0);
  return err === undefined ? { ok: true, set: b.build() } : { ok: false, error: err };
}
