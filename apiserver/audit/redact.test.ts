import { describe, expect, it } from '@jest/globals';
import { LAST_APPLIED } from '../../api/redact.js';
import { bodyRedactor } from './redact.js';
import { requestAttributes } from './request.js';

const VALUE = 'c2stbGl2ZS1zZWNyZXQ=';
const redactorOf = (method: string, path: string): ((b: unknown) => unknown) =>
  bodyRedactor(requestAttributes(method, new URL(`https://x${path}`)));
const secrets = redactorOf('PATCH', '/api/v1/namespaces/a/secrets/s');

describe('audit body redaction', () => {
  it('redacts a Secret request body whatever its shape: object, merge patch, JSON patch', () => {
    const body = {
      metadata: { annotations: { [LAST_APPLIED]: JSON.stringify({ stringData: { k: 'plain' } }) } },
      stringData: { k: 'plain' },
      data: { k: VALUE },
    };
    expect(secrets(body)).toEqual({
      metadata: { annotations: { [LAST_APPLIED]: '{"stringData":{"k":"<redacted>"}}' } },
      stringData: { k: '<redacted>' },
      data: { k: '<redacted>' },
    });
    expect(
      secrets([
        { op: 'replace', path: '/data/k', value: VALUE },
        { op: 'remove', path: '/data/x' },
      ]),
    ).toEqual([
      { op: 'replace', path: '/data/k', value: '<redacted>' },
      { op: 'remove', path: '/data/x' },
    ]);
  });

  it('redacts Secrets inside lists and Tables', () => {
    const item = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: VALUE } };
    const list = redactorOf('GET', '/api/v1/secrets');
    const table = { kind: 'Table', rows: [{ cells: ['s'], object: item }] };
    expect(JSON.stringify(list({ kind: 'SecretList', items: [item] }))).not.toContain(VALUE);
    expect(JSON.stringify(list(table))).not.toContain(VALUE);
    expect(item.data.k).toBe(VALUE);
  });

  it('masks billing emails and leaves other bodies alone', () => {
    const orgs = redactorOf('POST', '/apis/orgplane.io/v1alpha1/organizations');
    const org = { kind: 'Organization', spec: { billing: { email: 'jane@example.com' }, plan: 'pro' } };
    expect(orgs(org)).toEqual({
      kind: 'Organization',
      spec: { billing: { email: 'j***@example.com' }, plan: 'pro' },
    });
    const agent = { kind: 'Agent', spec: { model: 'm', data: { k: 'v' } } };
    expect(redactorOf('POST', '/apis/orgplane.io/v1alpha1/namespaces/a/agents')(agent)).toBe(agent);
  });
});
