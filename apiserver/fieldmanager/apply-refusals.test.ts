import { describe, expect, it } from '@jest/globals';
import { apply } from './apply.js';
import { agent, API_VERSION, NOW, SCHEMA } from './testdata.js';

const base = { force: false, schema: SCHEMA, apiVersion: API_VERSION, now: NOW };

describe('apply refusals', () => {
  it('refuses malformed apply configurations with 400', () => {
    const msg = (applied: unknown): string | undefined => {
      const r = apply({ ...base, live: undefined, applied, manager: 'k' });
      return r.ok ? undefined : `${r.status.code} ${r.status.message ?? ''}`;
    };
    expect(msg([])).toBe('400 apply configuration must be a JSON or YAML object');
    expect(msg({ ...agent({}), apiVersion: 'orgplane.io/v1' })).toBe(
      '400 Incorrect version specified in apply patch. Specified patch version: orgplane.io/v1, expected: orgplane.io/v1alpha1',
    );
    expect(msg(agent({}, { managedFields: [] }))).toBe('400 metadata.managedFields must be nil');
    expect(msg(agent({ connectors: [{ name: 'a' }, { name: 'a' }] }))).toBe(
      '400 failed to create typed patch object (ns1/a1; orgplane.io/v1alpha1, Kind=Agent): .spec.connectors: duplicate entries for key [name="a"]',
    );
    expect(msg(agent({ connectors: [{ url: 'x' }] }))).toMatch(/omits a key field/);
  });
});
