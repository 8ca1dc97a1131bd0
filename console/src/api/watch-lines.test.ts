import { describe, expect, it } from '@jest/globals';
import { nextBackoff, splitLines } from './watch-lines';

describe('watch stream lines', () => {
  it('keeps a partial line for the next chunk', () => {
    expect(splitLines('{"a":1}\n{"b"')).toEqual({ lines: ['{"a":1}'], rest: '{"b"' });
    expect(splitLines('{"a":1}\n\n{"b":2}\n')).toEqual({ lines: ['{"a":1}', '{"b":2}'], rest: '' });
  });

  it('backs off from 1 s doubling to 30 s', () => {
    expect(nextBackoff(0)).toBe(1000);
    expect(nextBackoff(1000)).toBe(2000);
    expect(nextBackoff(20_000)).toBe(30_000);
  });
});
