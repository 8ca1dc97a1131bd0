import { describe, expect, it } from '@jest/globals';
import { mergeLogin, parseKubeconfig, renderKubeconfigDoc, trustFor } from './login-kubeconfig.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

const ADMIN = `
apiVersion: v1
kind: Config
clusters:
- name: orgplane
  cluster: {server: 'https://127.0.0.1:6443', certificate-authority-data: ${b64(PEM)}}
users:
- name: orgplane-admin
  user: {token: admin-token}
contexts:
- name: admin
  context: {cluster: orgplane, user: orgplane-admin, namespace: acme}
current-context: admin
`;

describe('login kubeconfig', () => {
  it('writes a complete config into an empty file', () => {
    const doc = parseKubeconfig('');
    const ctx = mergeLogin(doc, {
      server: 'https://127.0.0.1:6443/',
      username: 'bob',
      token: 't1',
      caPem: PEM,
    });
    expect(ctx).toBe('bob@127.0.0.1:6443');
    expect(doc).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: '127.0.0.1:6443',
          cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': b64(PEM) },
        },
      ],
      users: [{ name: 'bob@127.0.0.1:6443', user: { token: 't1' } }],
      contexts: [
        { name: 'bob@127.0.0.1:6443', context: { cluster: '127.0.0.1:6443', user: 'bob@127.0.0.1:6443' } },
      ],
      'current-context': 'bob@127.0.0.1:6443',
    });
    expect(parseKubeconfig(renderKubeconfigDoc(doc))).toEqual(doc);
  });

  it('reuses the cluster of the same server and keeps everything else', () => {
    const doc = parseKubeconfig(ADMIN);
    const ctx = mergeLogin(doc, {
      server: 'https://127.0.0.1:6443',
      username: 'bob',
      token: 't1',
      context: 'admin',
    });
    expect(ctx).toBe('admin');
    expect(doc.clusters).toHaveLength(1);
    expect(doc.users).toEqual([
      { name: 'orgplane-admin', user: { token: 'admin-token' } },
      { name: 'bob@orgplane', user: { token: 't1' } },
    ]);
    expect(doc.contexts).toEqual([
      { name: 'admin', context: { cluster: 'orgplane', user: 'bob@orgplane', namespace: 'acme' } },
    ]);
    expect(doc['current-context']).toBe('admin');
  });

  it('replaces the token on a second login', () => {
    const doc = parseKubeconfig(ADMIN);
    mergeLogin(doc, { server: 'https://127.0.0.1:6443', username: 'bob', token: 'old' });
    mergeLogin(doc, { server: 'https://127.0.0.1:6443', username: 'bob', token: 'new' });
    expect(doc.users).toContainEqual({ name: 'bob@orgplane', user: { token: 'new' } });
    expect(doc.users).toHaveLength(2);
    expect(doc.contexts).toHaveLength(2);
  });

  it('finds the CA a kubeconfig trusts for a server', () => {
    const doc = parseKubeconfig(ADMIN);
    expect(trustFor(doc, 'https://127.0.0.1:6443/')).toEqual({ caData: PEM });
    expect(trustFor(doc, 'https://127.0.0.1:7443')).toBeUndefined();
  });

  it('gives a new cluster a free name', () => {
    const doc = parseKubeconfig(ADMIN);
    (doc.clusters as unknown[]).push({ name: '10.0.0.1:6443', cluster: { server: 'https://other:1' } });
    mergeLogin(doc, { server: 'https://10.0.0.1:6443', username: 'a', token: 't' });
    expect((doc.clusters as { name: string }[]).map((c) => c.name)).toEqual([
      'orgplane',
      '10.0.0.1:6443',
      '10.0.0.1:6443-2',
    ]);
  });

  it('refuses what is not a kubeconfig', () => {
    expect(() => parseKubeconfig('- a\n- b\n')).toThrow(/not a kubeconfig/);
    expect(() =>
      mergeLogin(parseKubeconfig('clusters: 5\n'), { server: 'https://x:1', username: 'a', token: 't' }),
    ).toThrow(/malformed "clusters"/);
  });
});
