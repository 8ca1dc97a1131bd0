import { describe, expect, it } from '@jest/globals';
import { Message } from './message.js';
import { ProtobufDecodeError, readFields, readVarint } from './wire.js';

function varint(value: bigint): number[] {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

const bytes = (...parts: number[][]): Uint8Array => Uint8Array.from(parts.flat());

function expectDecodeError(fn: () => unknown, message?: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ProtobufDecodeError);
  if (message) expect((caught as Error).message).toMatch(message);
}

describe('readVarint', () => {
  it.each([0n, 1n, 127n, 128n, 300n, 2n ** 35n, 2n ** 63n - 1n, 2n ** 64n - 1n])('round-trips %s', (n) => {
    const buf = bytes(varint(n));
    expect(readVarint(buf, 0)).toEqual([n, buf.length]);
  });

  it('reads a negative int64 as its 10-byte two’s complement', () => {
    const buf = bytes(varint(-1n));
    expect(buf.length).toBe(10);
    expect(BigInt.asIntN(64, readVarint(buf, 0)[0])).toBe(-1n);
  });

  it('rejects truncated, over-long and overflowing varints', () => {
    expectDecodeError(() => readVarint(bytes([0x80, 0x80]), 0), /truncated/);
    expectDecodeError(() => readVarint(bytes(new Array<number>(11).fill(0xff)), 0), /longer than 10/);
    expectDecodeError(() => readVarint(bytes(new Array<number>(9).fill(0xff), [0x02]), 0), /overflows/);
    expectDecodeError(() => readVarint(new Uint8Array(), 0), /truncated/);
  });
});

describe('readFields', () => {
  it('splits every supported wire type in order', () => {
    const buf = bytes(
      [0x08],
      varint(150n),
      [0x11, 1, 2, 3, 4, 5, 6, 7, 8],
      [0x1a, 0x03],
      [0x61, 0x62, 0x63],
      [0x25, 9, 9, 9, 9],
    );
    const fields = readFields(buf);
    expect(fields.map((f) => [f.num, f.wire])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 5],
    ]);
    expect(fields[0]).toMatchObject({ varint: 150n });
    expect(fields[2]).toMatchObject({ bytes: Uint8Array.from([0x61, 0x62, 0x63]) });
  });

  it('accepts an empty message', () => {
    expect(readFields(new Uint8Array())).toEqual([]);
  });

  it('rejects a length past the end, including a 64-bit length', () => {
    expectDecodeError(() => readFields(bytes([0x0a, 0x05, 0x61])), /truncated/);
    expectDecodeError(() => readFields(bytes([0x0a], varint(2n ** 63n))), /truncated/);
    expectDecodeError(() => readFields(bytes([0x09, 1, 2, 3])), /truncated/);
    expectDecodeError(() => readFields(bytes([0x0d, 1])), /truncated/);
  });

  it('rejects groups, field number 0 and field numbers past 2^29-1', () => {
    expectDecodeError(() => readFields(bytes([0x0b])), /wire type 3/);
    expectDecodeError(() => readFields(bytes([0x0c])), /wire type 4/);
    expectDecodeError(() => readFields(bytes([0x02, 0x00])), /field number 0/);
    expectDecodeError(() => readFields(bytes(varint((2n ** 29n) << 3n), [0x00])), /field number/);
  });

  it('never throws anything but ProtobufDecodeError on random bytes, and always terminates', () => {
    let seed = 42;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let i = 0; i < 3000; i++) {
      const buf = Uint8Array.from({ length: rand() % 64 }, () => rand() & 0xff);
      try {
        const m = Message.parse(buf);
        m.strings(1);
        m.messages(2);
        m.int64(3);
      } catch (err) {
        expect(err).toBeInstanceOf(ProtobufDecodeError);
      }
    }
  });
});

describe('Message', () => {
  it('takes the last occurrence of a singular field and all of a repeated one', () => {
    const m = Message.parse(bytes([0x0a, 1, 0x61, 0x0a, 1, 0x62]));
    expect(m.string(1)).toBe('b');
    expect(m.strings(1)).toEqual(['a', 'b']);
    expect(m.string(2)).toBeUndefined();
  });

  it('rejects a field whose wire type does not match its declared type', () => {
    expectDecodeError(() => Message.parse(bytes([0x08, 0x01])).string(1), /not length-delimited/);
    expectDecodeError(() => Message.parse(bytes([0x0a, 0x00])).int64(1), /not a varint/);
  });

  it('rejects invalid UTF-8 and out-of-range integers', () => {
    expectDecodeError(() => Message.parse(bytes([0x0a, 2, 0xc3, 0x28])).string(1), /UTF-8/);
    expectDecodeError(() => Message.parse(bytes([0x08], varint(2n ** 60n))).safeInt(1), /out of range/);
    expect(Message.parse(bytes([0x08], varint(-5n))).safeInt(1)).toBe(-5);
  });

  it('decodes map entries with missing keys or values as empty strings', () => {
    const m = Message.parse(bytes([0x5a, 3, 0x0a, 1, 0x6b, 0x5a, 3, 0x12, 1, 0x76]));
    expect(m.stringMap(11)).toEqual({ k: '', '': 'v' });
  });
});
