/**
 * Typed access to the fields of one decoded message, with proto2/gogo semantics: for a singular
 * field the last occurrence wins; a field with the wrong wire type is an error, not a guess.
 */
import { ProtobufDecodeError, type WireField, readFields } from './wire.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class Message {
  private readonly fields: readonly WireField[];

  private constructor(fields: readonly WireField[]) {
    this.fields = fields;
  }

  static parse(buf: Uint8Array): Message {
    return new Message(readFields(buf));
  }

  private all(num: number): WireField[] {
    return this.fields.filter((f) => f.num === num);
  }

  private bytesOf(num: number): Uint8Array[] {
    return this.all(num).map((f) => {
      if (f.wire !== 2) throw new ProtobufDecodeError(`protobuf field ${num} is not length-delimited`);
      return f.bytes;
    });
  }

  private varintsOf(num: number): bigint[] {
    return this.all(num).map((f) => {
      if (f.wire !== 0) throw new ProtobufDecodeError(`protobuf field ${num} is not a varint`);
      return f.varint;
    });
  }

  has(num: number): boolean {
    return this.fields.some((f) => f.num === num);
  }

  strings(num: number): string[] {
    return this.bytesOf(num).map((b) => {
      try {
        return utf8.decode(b);
      } catch {
        throw new ProtobufDecodeError(`protobuf field ${num} is not valid UTF-8`);
      }
    });
  }

  string(num: number): string | undefined {
    return this.strings(num).at(-1);
  }

  bytesField(num: number): Uint8Array | undefined {
    return this.bytesOf(num).at(-1);
  }

  messages(num: number): Message[] {
    return this.bytesOf(num).map((b) => Message.parse(b));
  }

  message(num: number): Message | undefined {
    return this.messages(num).at(-1);
  }

  /** A signed 64-bit integer (int64/int32, two's complement) as a bigint. */
  int64(num: number): bigint | undefined {
    const v = this.varintsOf(num).at(-1);
    return v === undefined ? undefined : BigInt.asIntN(64, v);
  }

  /** A signed integer that must fit a JavaScript number exactly. */
  safeInt(num: number): number | undefined {
    const v = this.int64(num);
    if (v === undefined) return undefined;
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new ProtobufDecodeError(`protobuf field ${num} is out of range`);
    }
    return Number(v);
  }

  bool(num: number): boolean | undefined {
    const v = this.varintsOf(num).at(-1);
    return v === undefined ? undefined : v !== 0n;
  }

  /** A map<string,string> field: repeated entries {1: key, 2: value}; a later key wins. */
  stringMap(num: number): Record<string, string> | undefined {
    const entries = this.messages(num).map((e): [string, string] => [e.string(1) ?? '', e.string(2) ?? '']);
    // Object.fromEntries defines own properties, so a key like "__proto__" stays plain data.
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }

  /** A map<string,bytes> field as JSON writes it: each value base64-encoded; a later key wins. */
  bytesMap(num: number): Record<string, string> | undefined {
    const entries = this.messages(num).map((e): [string, string] => [
      e.string(1) ?? '',
      Buffer.from(e.bytesField(2) ?? new Uint8Array()).toString('base64'),
    ]);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
}
