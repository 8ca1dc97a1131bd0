import { describe, expect, it } from '@jest/globals';
import { isApiError } from '../errors/status.js';
import { checkWriteDeadline } from './write-deadline.js';

const at = Date.parse('2026-01-01T00:00:10.000Z');

function outcome(method: string, header: string | undefined, now: number): string {
  try {
    checkWriteDeadline(method, header, now);
    return 'allowed';
  } catch (err) {
    if (isApiError(err)) return `${String(err.code)} ${err.reason}`;
    throw err;
  }
}

describe('checkWriteDeadline', () => {
  it('allows a write up to its deadline and refuses it after with 409 Conflict', () => {
    expect(outcome('POST', '2026-01-01T00:00:10.000000Z', at)).toBe('allowed');
    expect(outcome('PATCH', '2026-01-01T00:00:10.000000Z', at + 1)).toBe('409 Conflict');
    expect(outcome('PUT', '2026-01-01T00:00:09Z', at)).toBe('409 Conflict');
    expect(outcome('DELETE', '2026-01-01T00:00:09.999Z', at)).toBe('409 Conflict');
  });

  it('ignores reads and requests without the header, and refuses a malformed value with 400', () => {
    expect(outcome('GET', '2026-01-01T00:00:00Z', at)).toBe('allowed');
    expect(outcome('POST', undefined, at)).toBe('allowed');
    expect(outcome('POST', 'tomorrow', at)).toBe('400 BadRequest');
    expect(outcome('POST', '2026-01-01T00:00:10+01:00', at)).toBe('400 BadRequest');
  });
});
