import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { versionInfo } from './version.js';

describe('versionInfo', () => {
  it("carries the Kubernetes API level and the package's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const v = versionInfo();
    expect(v).toMatchObject({ major: '1', minor: '32' });
    expect(v.gitVersion).toBe(`v1.32.0+orgplane-${pkg.version}`);
  });
});
