/** Shared fixtures of the field manager tests: an Agent-like schema exercising every list and map type. */
import type { JSONSchemaProps } from '../../api/crd.js';
import type { KubeObject } from '../../api/meta.js';

const str: JSONSchemaProps = { type: 'string' };

export const API_VERSION = 'orgplane.io/v1alpha1';

export const SCHEMA: JSONSchemaProps = {
  type: 'object',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: {
        model: str,
        description: str,
        /** atomic: no list type */
        args: { type: 'array', items: str },
        tools: { type: 'array', items: str, 'x-kubernetes-list-type': 'set' },
        connectors: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: {
            type: 'object',
            properties: { name: str, url: str, port: { type: 'integer', default: 443 } },
          },
        },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port', 'protocol'],
          items: {
            type: 'object',
            properties: {
              port: { type: 'integer' },
              protocol: { type: 'string', default: 'TCP' },
              name: str,
            },
          },
        },
        quota: { type: 'object', additionalProperties: { type: 'integer' } },
        settings: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: str },
        billing: { type: 'object', properties: { email: str, plan: str } },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
    status: { type: 'object', properties: { phase: str } },
  },
};

export const NOW = new Date('2024-05-01T10:00:00.123Z');
export const LATER = new Date('2024-05-01T11:00:00Z');

export function agent(spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: API_VERSION,
    kind: 'Agent',
    metadata: { name: 'a1', namespace: 'ns1', ...meta },
    spec,
  };
}
