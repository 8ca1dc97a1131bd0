/** Audit records for tests. */
import type { AuditRecord } from './types.js';

export function sampleRecord(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: '3f0c6a52-7f5e-4d3c-9a4e-0b8f2f6b1c01',
    stage: 'ResponseComplete',
    requestURI: '/apis/orgplane.io/v1alpha1/namespaces/acme-corp/agents',
    verb: 'create',
    user: { username: 'alice', groups: ['system:authenticated'] },
    sourceIPs: ['127.0.0.1'],
    userAgent: 'kubectl/v1.32',
    objectRef: {
      resource: 'agents',
      namespace: 'acme-corp',
      name: 'a1',
      apiGroup: 'orgplane.io',
      apiVersion: 'v1alpha1',
    },
    responseStatus: { metadata: {}, code: 201 },
    requestReceivedTimestamp: '2026-11-22T10:15:30.123456Z',
    stageTimestamp: '2026-11-22T10:15:30.234567Z',
    annotations: { 'authorization.k8s.io/decision': 'allow' },
    ...overrides,
  };
}
