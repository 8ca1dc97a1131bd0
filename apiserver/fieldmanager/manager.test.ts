import { describe, expect, it } from '@jest/globals';
import { managerOrUserAgent, managerProblem } from './manager.js';

describe('field manager names', () => {
  it('prefers the fieldManager parameter, else the User-Agent before its first slash', () => {
    expect(managerOrUserAgent('kubectl-edit', 'kubectl/v1.30.0 (linux/amd64)')).toBe('kubectl-edit');
    expect(managerOrUserAgent(undefined, 'kubectl/v1.30.0 (linux/amd64) kubernetes/abc')).toBe('kubectl');
    expect(managerOrUserAgent('', 'node-fetch')).toBe('node-fetch');
    expect(managerOrUserAgent(undefined, undefined)).toBe('');
    expect(managerOrUserAgent(undefined, 'a\u0000b\tc/d')).toBe('abc');
    expect(managerOrUserAgent(undefined, 'x'.repeat(300))).toHaveLength(128);
  });

  it('checks names as kube does', () => {
    expect(managerProblem('kubectl')).toBeUndefined();
    expect(managerProblem('x'.repeat(129))).toBe('may not be more than 128 bytes');
    expect(managerProblem('a\nb')).toBe('invalid character "\\n" (at position 1)');
  });
});
