import { describe, expect, it } from '@jest/globals';
import { openAPIV2Protobuf } from './v2-protobuf.js';

/** Length-delimited fields of one protobuf message: field number → its bytes. */
function fields(buf: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  for (let at = 0; at < buf.length;) {
    const tag = buf[at] ?? 0;
    const len = buf[at + 1] ?? 0;
    expect(tag & 7).toBe(2); // length-delimited
    out.set(tag >> 3, buf.subarray(at + 2, at + 2 + len));
    at += 2 + len;
  }
  return out;
}

describe('openAPIV2Protobuf', () => {
  it('encodes Document{swagger: "2.0", info: {title, version}} and nothing else', () => {
    const doc = fields(openAPIV2Protobuf('v1.32.0+orgplane-0.1.0'));
    expect([...doc.keys()]).toEqual([1, 2]);
    expect(doc.get(1)?.toString()).toBe('2.0');
    const info = fields(doc.get(2) ?? Buffer.alloc(0));
    expect(info.get(1)?.toString()).toBe('orgplane');
    expect(info.get(2)?.toString()).toBe('v1.32.0+orgplane-0.1.0');
  });
});
