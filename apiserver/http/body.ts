/**
 * Request bodies: read with a hard size limit (413 past 3 MiB, the excess drained unbuffered) and
 * decoded by Content-Type: JSON, YAML, or kube protobuf (the two kinds kubectl sends that way).
 */
import type { IncomingMessage } from 'node:http';
import { load as loadYaml } from 'js-yaml';
import { badRequest, tooLarge, unsupportedMediaType } from '../errors/status.js';
import { checkDocument } from './limits.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/**
 * The body, read with listeners rather than an async iterator (a generator, a promise per chunk
 * and a listener set up and torn down per request: a tenth of a millisecond per write). Ends in
 * an error when the request closes or fails before its end.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  // Past the limit keep reading but drop the bytes: stopping early would destroy the request and
  // with it a keep-alive connection the 413 response still advertises.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) chunks.length = 0;
      else chunks.push(chunk);
    };
    const settle = (err?: Error): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', settle);
      req.off('close', onClose);
      if (err) reject(err);
      else if (size > limit) reject(tooLarge(limit));
      else resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks));
    };
    const onEnd = (): void => {
      settle();
    };
    const onClose = (): void => {
      settle(Object.assign(new Error('the request closed before its body ended'), { code: 'ECONNRESET' }));
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', settle);
    req.once('close', onClose);
  });
}

/** The media type without parameters, lower-cased: "application/json". */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * V8's syntax error without the excerpt of the input it quotes (`Unexpected token 's', "{"a":
 * sk-..."... is not valid JSON`): a body may hold a Secret, and the message reaches the client,
 * the audit record and the log.
 */
export function jsonSyntaxDetail(err: unknown): string {
  const message = err instanceof Error ? err.message : 'invalid JSON';
  const excerpt = /^Unexpected token (.*?), ".*" is not valid JSON$/s.exec(message);
  if (excerpt) return `invalid character ${excerpt[1] ?? ''}`;
  return message.replace(/".*"/s, '<input>');
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${jsonSyntaxDetail(err)}`);
  }
}

/**
 * YAML (or JSON, which kubectl sends as apply-patch+yaml: parsed as JSON first, so JSON bodies
 * escape YAML's nesting limit). Aliases may expand a document by at most 100 000 values.
 */
export function parseYaml(text: string): unknown {
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // not JSON after all: YAML flow style
    }
  }
  let value: unknown;
  try {
    value = loadYaml(text, { json: true });
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw badRequest(`error converting YAML to JSON: ${detail ?? ''}`);
  }
  checkDocument(value, text.length + 100_000);
  return value;
}

export type ProtobufDecoder = (body: Buffer) => unknown;

/** Decode a create/update body (nesting limited, see limits.ts). */
export function decodeObjectBody(
  body: Buffer,
  contentType: string | undefined,
  protobuf: ProtobufDecoder | undefined,
): unknown {
  const type = mediaType(contentType);
  if (type === '' || type === 'application/json' || type === '*/*') {
    const value = parseJson(body.toString('utf8'));
    checkDocument(value);
    return value;
  }
  if (type === 'application/yaml' || type === 'application/x-yaml') {
    const value = parseYaml(body.toString('utf8'));
    checkDocument(value);
    return value;
  }
  if (type === 'application/vnd.kubernetes.protobuf' && protobuf) return protobuf(body);
  throw unsupportedMediaType(type, [
    'application/json',
    'application/yaml',
    'application/vnd.kubernetes.protobuf',
  ]);
}
