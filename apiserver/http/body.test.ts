import { describe, expect, it } from '@jest/globals';
import { isApiError } from '../errors/status.js';
import { parseJson } from './body.js';

const SECRET = 'sk-live-0123456789abcdef';

function messageOf(text: string): string {
  try {
    parseJson(text);
  } catch (err) {
    if (isApiError(err)) return err.status.message ?? '';
  }
  throw new Error('expected a 400');
}

describe('parseJson', () => {
  it.each([
    `{"data": {"k": ${SECRET}}}`,
    SECRET,
    `{"data": {"k": "${SECRET}" x}}`,
    `{"data": {"k": "${SECRET}`,
    `{${SECRET}: 1}`,
  ])('never quotes the body in its error: %s', (text) => {
    const message = messageOf(text);
    expect(message).toMatch(/^couldn't get version\/kind; json parse error: /);
    expect(message).not.toContain('sk-live');
  });

  it('names the offending character as Go does', () => {
    expect(messageOf('{"a": x}')).toBe("couldn't get version/kind; json parse error: invalid character 'x'");
  });
});
