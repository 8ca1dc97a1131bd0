import { describe, expect, it } from '@jest/globals';
import type { Agent } from './agent.js';
import { agentCRD } from './agent.js';
import { auditEventCRD } from './auditevent.js';
import { builtinDefinitions } from './builtin/index.js';
import type { ConditionType } from './conditions.js';
import type { CustomResourceDefinition, JSONSchemaProps } from './crd.js';
import { GROUP, VERSION } from './group.js';
import type { Condition, KubeObject } from './meta.js';
import { groupCRD } from './orggroup.js';
import { organizationCRD } from './organization.js';
import { orgplaneCRDs } from './orgplane.js';
import { serviceAccountCRD } from './serviceaccount.js';
import { structuralErrors } from './structural.js';
import { teamCRD } from './team.js';

const all = [...orgplaneCRDs, ...builtinDefinitions];
const schemaOf = (crd: CustomResourceDefinition): JSONSchemaProps => {
  const schema = crd.spec.versions[0]?.schema?.openAPIV3Schema;
  if (!schema) throw new Error(`${crd.metadata.name ?? ''} has no schema`);
  return schema;
};

/** Paths of fields without a description (kubectl explain shows them); the root metadata is exempt. */
function undescribed(s: JSONSchemaProps, path: string): string[] {
  const out: string[] = [];
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    const p = `${path}.${name}`;
    if (p === '.metadata') continue;
    if (!prop.description) out.push(p);
    out.push(...undescribed(prop.items ?? prop, p));
  }
  return out;
}

/** Whether a printer column's JSONPath names a field of the schema (through maps, lists and filters). */
function pathExists(schema: JSONSchemaProps, jsonPath: string): boolean {
  const segments = jsonPath
    .replace(/\[\?\(.*?\)\]/g, '')
    .replace(/\\\./g, '\u0000')
    .split('.')
    .slice(1)
    .map((s) => s.replaceAll('\u0000', '.'));
  let node: JSONSchemaProps | undefined = schema;
  for (const seg of segments) {
    if (node?.items) node = node.items;
    if (node?.type === 'object' && !node.properties && !node.additionalProperties) return true; // metadata
    node =
      node?.properties?.[seg] ??
      (typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined);
  }
  return node !== undefined;
}

describe('every kind definition', () => {
  it.each(all.map((c) => [c.metadata.name ?? '', c] as const))(
    '%s is structural, described and consistent',
    (_, crd) => {
      const schema = schemaOf(crd);
      expect(structuralErrors(schema)).toEqual([]);
      expect(undescribed(schema, '')).toEqual([]);
      expect(schema.description).toBeTruthy();
      expect(schema.properties?.metadata).toEqual({ type: 'object' });
      expect(JSON.stringify(schema)).not.toMatch(/"\$id"|"const"|"patternProperties"/);
      for (const col of crd.spec.versions[0]?.additionalPrinterColumns ?? []) {
        expect([col.name, pathExists(schema, col.jsonPath)]).toEqual([col.name, true]);
      }
      const group = crd.spec.group;
      expect(crd.metadata.name).toBe(
        group === '' ? crd.spec.names.plural : `${crd.spec.names.plural}.${group}`,
      );
      expect(crd.spec.names.listKind).toBe(`${crd.spec.names.kind}List`);
    },
  );

  it('checks above catch missing descriptions and dangling column paths', () => {
    const schema = schemaOf(organizationCRD);
    expect(pathExists(schema, '.spec.nope')).toBe(false);
    expect(pathExists(schema, '.status.conditions[?(@.type=="Ready")].nope')).toBe(false);
    expect(pathExists(schema, '.spec.quota.agents')).toBe(true);
    expect(pathExists(schemaOf(auditEventCRD), '.annotations.a\\.b/c')).toBe(true);
    expect(
      undescribed(
        {
          type: 'object',
          properties: {
            a: { type: 'array', items: { type: 'object', properties: { b: { type: 'string' } } } },
          },
        },
        '',
      ),
    ).toEqual(['.a', '.a.b']);
  });

  it('names are unique per group', () => {
    const keys = all.map((c) => `${c.spec.group}/${c.spec.names.plural}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('orgplane kinds', () => {
  it('are served as orgplane.io/v1alpha1 with the documented names and scopes', () => {
    const summary = orgplaneCRDs.map((c) => ({
      name: c.metadata.name,
      kind: c.spec.names.kind,
      scope: c.spec.scope,
      shortNames: c.spec.names.shortNames ?? [],
      versions: c.spec.versions.map((v) => [v.name, v.served, v.storage]),
      status: c.spec.versions[0]?.subresources?.status !== undefined,
    }));
    expect(summary).toEqual([
      {
        name: 'organizations.orgplane.io',
        kind: 'Organization',
        scope: 'Cluster',
        shortNames: ['org'],
        versions: [[VERSION, true, true]],
        status: true,
      },
      {
        name: 'agents.orgplane.io',
        kind: 'Agent',
        scope: 'Namespaced',
        shortNames: ['ag'],
        versions: [[VERSION, true, true]],
        status: true,
      },
      {
        name: 'serviceaccounts.orgplane.io',
        kind: 'ServiceAccount',
        scope: 'Cluster',
        shortNames: ['osa'],
        versions: [[VERSION, true, true]],
        status: false,
      },
      {
        name: 'auditevents.orgplane.io',
        kind: 'AuditEvent',
        scope: 'Namespaced',
        shortNames: [],
        versions: [[VERSION, true, true]],
        status: false,
      },
      {
        name: 'teams.orgplane.io',
        kind: 'Team',
        scope: 'Namespaced',
        shortNames: ['team'],
        versions: [[VERSION, true, true]],
        status: true,
      },
      {
        name: 'groups.orgplane.io',
        kind: 'Group',
        scope: 'Namespaced',
        shortNames: ['grp'],
        versions: [[VERSION, true, true]],
        status: true,
      },
      {
        name: 'organizationtemplates.orgplane.io',
        kind: 'OrganizationTemplate',
        scope: 'Cluster',
        shortNames: ['orgtemplate'],
        versions: [[VERSION, true, true]],
        status: false,
      },
    ]);
    expect(orgplaneCRDs.every((c) => c.spec.group === GROUP)).toBe(true);
  });

  it('have the documented printer columns', () => {
    const cols = (c: CustomResourceDefinition) =>
      (c.spec.versions[0]?.additionalPrinterColumns ?? []).filter((p) => !p.priority).map((p) => p.name);
    expect(cols(organizationCRD)).toEqual([
      'Display Name',
      'Plan',
      'Agents',
      'Max Agents',
      'Billing',
      'Members',
      'Teams',
      'Phase',
      'Age',
    ]);
    expect(cols(teamCRD)).toEqual(['Display Name', 'Parent', 'Namespace', 'Members', 'Age']);
    expect(cols(groupCRD)).toEqual(['Members', 'Description', 'Age']);
    expect(cols(agentCRD)).toEqual(['Model', 'Phase', 'Age']);
    expect(cols(auditEventCRD)).toEqual(['User', 'Verb', 'Resource', 'Decision', 'Code', 'Age']);
    expect(cols(serviceAccountCRD)).toEqual(['Disabled', 'Description', 'Age']);
  });

  it('require spec.model on agents and bound quota counts at zero', () => {
    const agent = schemaOf(agentCRD);
    expect(agent.required).toEqual(['spec']);
    expect(agent.properties?.spec?.required).toEqual(['model']);
    const quota = schemaOf(organizationCRD).properties?.spec?.properties?.quota;
    expect(quota?.additionalProperties).toEqual({ format: 'int64', minimum: 0, type: 'integer' });
  });

  it('key conditions by type, as metav1.Condition lists are', () => {
    const conds = schemaOf(organizationCRD).properties?.status?.properties?.conditions;
    expect(conds?.['x-kubernetes-list-type']).toBe('map');
    expect(conds?.['x-kubernetes-list-map-keys']).toEqual(['type']);
    expect(conds?.items?.required).toEqual(['type', 'status', 'lastTransitionTime', 'reason', 'message']);
  });

  it('give TypeScript types that match the shared meta types', () => {
    const condition: ConditionType = {
      type: 'Ready',
      status: 'True',
      lastTransitionTime: '2024-01-01T00:00:00Z',
      reason: 'Ready',
      message: '',
    };
    const shared: Condition = condition;
    const agent: Agent = {
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'Agent',
      metadata: { name: 'a', namespace: 'acme-corp' },
      spec: { model: 'gpt-4o', tools: ['search'] },
      status: { phase: 'Ready', conditions: [shared] },
    };
    const obj: KubeObject = agent;
    expect(obj.metadata.name).toBe('a');
  });
});
