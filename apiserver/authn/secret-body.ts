/**
 * Reading bodies that carry secrets (passwords): a small size limit, JSON or YAML, and parse
 * errors that never quote the input (Node's JSON.parse messages echo part of the text).
 */
import type { IncomingMessage } from 'node:http';
import { load as loadYaml } from 'js-yaml';
import { badRequest, unsupportedMediaType } from '../errors/status.js';
import { mediaType, readBody } from '../http/body.js';

export const SECRET_BODY_LIMIT = 64 * 1024;

/** The body as a JSON object; 400/413/415 Status errors that do not echo it. */
export async function readSecretBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = mediaType(req.headers['content-type']);
  const yaml = type === 'application/yaml' || type === 'application/x-yaml';
  if (!yaml && type !== '' && type !== 'application/json' && type !== '*/*')
    throw unsupportedMediaType(type, ['application/json', 'application/yaml']);
  const text = (await readBody(req, SECRET_BODY_LIMIT)).toString('utf8');
  let value: unknown;
  try {
    value = yaml ? loadYaml(text, { json: true }) : JSON.parse(text);
  } catch {
    throw badRequest(`the request body is not valid ${yaml ? 'YAML' : 'JSON'}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badRequest('the body of the request must be a JSON object');
  return value as Record<string, unknown>;
}
