/**
 * Request bodies: read with a hard size limit (413 past 3 MiB, without buffering the excess) and
 * decoded by Content-Type: JSON, YAML, or kube protobuf (the two kinds kubectl sends that way).
 */
import type { IncomingMessage } from 'node:http';
import { load as loadYaml } from 'js-yaml';
import { badRequest, tooLarge, unsupportedMediaType } from '../errors/status.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      req.resume();
      throw tooLarge(limit);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** The media type without parameters, lower-cased: "application/json". */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw badRequest(`couldn't get version/kind; json parse error: ${detail}`);
  }
}

export function parseYaml(text: string): unknown {
  try {
    return loadYaml(text, { json: true });
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw badRequest(`error converting YAML to JSON: ${detail ?? ''}`);
  }
}

export type ProtobufDecoder = (body: Buffer) => unknown;

/** Decode a create/update body. */
export function decodeObjectBody(
  body: Buffer,
  contentType: string | undefined,
  protobuf: ProtobufDecoder | undefined,
): unknown {
  const type = mediaType(contentType);
  if (type === '' || type === 'application/json' || type === '*/*') return parseJson(body.toString('utf8'));
  if (type === 'application/yaml' || type === 'application/x-yaml') return parseYaml(body.toString('utf8'));
  if (type === 'application/vnd.kubernetes.protobuf' && protobuf) return protobuf(body);
  throw unsupportedMediaType(type, [
    'application/json',
    'application/yaml',
    'application/vnd.kubernetes.protobuf',
  ]);
}
