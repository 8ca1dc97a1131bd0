/** kubeconfig files that real kubectl reads: one cluster (server + CA data), one user, one context. */
import { dump } from 'js-yaml';

export interface KubeconfigSpec {
  readonly server: string;
  readonly caCert: string;
  readonly user: string;
  readonly token: string;
  readonly context?: string;
}

export function renderKubeconfig(spec: KubeconfigSpec): string {
  const context = spec.context ?? `${spec.user}@orgplane`;
  return dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'orgplane',
        cluster: {
          server: spec.server,
          'certificate-authority-data': Buffer.from(spec.caCert).toString('base64'),
        },
      },
    ],
    users: [{ name: spec.user, user: { token: spec.token } }],
    contexts: [{ name: context, context: { cluster: 'orgplane', user: spec.user } }],
    'current-context': context,
    preferences: {},
  });
}
