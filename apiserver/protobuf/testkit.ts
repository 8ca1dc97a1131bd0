/**
 * Test support for the protobuf decoders (imported only by *.test.ts): a tiny encoder that
 * builds bodies the way gogo-protobuf does, and a fuzzer that mutates real bodies.
 */
import { ProtobufDecodeError } from './wire.js';

export type Part = number[];

export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

export function varint(value: bigint | number): Part {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

export const raw = (num: number, data: Part): Part => [
  ...varint((num << 3) | 2),
  ...varint(data.length),
  ...data,
];
export const str = (num: number, s: string): Part => raw(num, [...Buffer.from(s, 'utf8')]);
export const msg = (num: number, ...parts: Part[]): Part => raw(num, parts.flat());
export const int = (num: number, v: bigint | number): Part => [...varint(num << 3), ...varint(v)];
export const entry = (num: number, k: string, v: string): Part => msg(num, str(1, k), str(2, v));

/** A whole request body: "k8s\0" + runtime.Unknown around the object's fields. */
export const body = (apiVersion: string, kind: string, ...object: Part[]): Uint8Array =>
  Uint8Array.from([
    ...[0x6b, 0x38, 0x73, 0x00],
    ...msg(1, str(1, apiVersion), str(2, kind)),
    ...msg(2, ...object),
    ...str(3, ''),
    ...str(4, ''),
  ]);

/** The ProtobufDecodeError fn throws; any other outcome is rethrown as a failure. */
export function decodeError(fn: () => unknown): ProtobufDecodeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProtobufDecodeError) return err;
    throw new Error(`expected ProtobufDecodeError, got ${String(err)}`);
  }
  throw new Error('expected ProtobufDecodeError, got success');
}

/**
 * Decodes every truncation of each body and `rounds` random 1-3 byte mutations of it; returns
 * the errors that were not ProtobufDecodeError (none is the pass condition).
 */
export function fuzzFailures(
  bodies: readonly Uint8Array[],
  decode: (b: Uint8Array) => unknown,
  rounds = 1500,
): unknown[] {
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const failures: unknown[] = [];
  const attempt = (b: Uint8Array): void => {
    try {
      decode(b);
    } catch (err) {
      if (!(err instanceof ProtobufDecodeError)) failures.push(err);
    }
  };
  for (const full of bodies) {
    for (let cut = 0; cut < full.length; cut++) attempt(full.subarray(0, cut));
    for (let i = 0; i < rounds; i++) {
      const mutated = Uint8Array.from(full);
      for (let j = 0; j <= rand(3); j++) mutated[rand(mutated.length)] = rand(256);
      attempt(mutated);
    }
  }
  return failures;
}
