/**
 * A minimal protobuf wire-format reader. Total: any input either parses or throws
 * ProtobufDecodeError; every step consumes at least one byte, so it always terminates.
 */
import { ApiError } from '../errors/status.js';

/** An ApiError: 400 for a malformed body, 415 for a kind we cannot decode. */
export class ProtobufDecodeError extends ApiError {
  constructor(message: string, code: 400 | 415 = 400) {
    super(code, code === 400 ? 'BadRequest' : 'UnsupportedMediaType', message);
    this.name = 'ProtobufDecodeError';
  }
}

export type WireField =
  | { readonly num: number; readonly wire: 0; readonly varint: bigint }
  | { readonly num: number; readonly wire: 1 | 5; readonly fixed: Uint8Array }
  | { readonly num: number; readonly wire: 2; readonly bytes: Uint8Array };

const MAX_FIELD_NUMBER = 2 ** 29 - 1;

/** Reads a base-128 varint (at most 10 bytes, 64 bits) at pos; returns [value, next position]. */
export function readVarint(buf: Uint8Array, pos: number): [bigint, number] {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    const b = buf[pos + i];
    if (b === undefined) throw new ProtobufDecodeError('truncated protobuf varint');
    value |= BigInt(b & 0x7f) << BigInt(7 * i);
    if (b < 0x80) {
      if (i === 9 && b > 1) throw new ProtobufDecodeError('protobuf varint overflows 64 bits');
      return [value, pos + i + 1];
    }
  }
  throw new ProtobufDecodeError('protobuf varint longer than 10 bytes');
}

function take(buf: Uint8Array, pos: number, length: number): Uint8Array {
  if (length > buf.length - pos) throw new ProtobufDecodeError('truncated protobuf field');
  return buf.subarray(pos, pos + length);
}

/** Splits one message into its fields, in wire order. Groups (wire types 3, 4) are rejected. */
export function readFields(buf: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterKey] = readVarint(buf, pos);
    pos = afterKey;
    const wire = Number(key & 7n);
    const numBig = key >> 3n;
    if (numBig < 1n || numBig > BigInt(MAX_FIELD_NUMBER)) {
      throw new ProtobufDecodeError(`invalid protobuf field number ${String(numBig)}`);
    }
    const num = Number(numBig);
    if (wire === 0) {
      const [varint, next] = readVarint(buf, pos);
      fields.push({ num, wire, varint });
      pos = next;
    } else if (wire === 1 || wire === 5) {
      const fixed = take(buf, pos, wire === 1 ? 8 : 4);
      fields.push({ num, wire, fixed });
      pos += fixed.length;
    } else if (wire === 2) {
      const [length, next] = readVarint(buf, pos);
      if (length > BigInt(buf.length - next)) throw new ProtobufDecodeError('truncated protobuf field');
      const bytes = take(buf, next, Number(length));
      fields.push({ num, wire, bytes });
      pos = next + bytes.length;
    } else {
      throw new ProtobufDecodeError(`unsupported protobuf wire type ${wire} for field ${num}`);
    }
  }
  return fields;
}
