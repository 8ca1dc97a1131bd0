/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition: validated like kube (names, versions, one
 * storage version) and given an accepted, Established status at once, since orgplane serves a new
 * kind as soon as the CRD is stored (apiserver/lifecycle/crd-watcher).
 */
import type { CustomResourceDefinition } from '../../api/crd.js';
import type { KubeObject } from '../../api/meta.js';
import type { FieldCause, KindStrategy } from '../registry/types.js';
import { timestamp } from '../registry/strategy.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KIND = /^[A-Za-z][A-Za-z0-9]*$/;

function cause(field: string, reason: string, detail: string): FieldCause {
  return { field, reason, detail, message: `${field}: ${detail}` };
}

function invalidValue(field: string, value: unknown, why: string): FieldCause {
  return cause(field, 'FieldValueInvalid', `Invalid value: ${JSON.stringify(value)}: ${why}`);
}

function validateNames(crd: CustomResourceDefinition, errs: FieldCause[]): void {
  const spec = crd.spec;
  const names = spec.names as Partial<CustomResourceDefinition['spec']['names']> | undefined;
  if (typeof spec.group !== 'string' || spec.group === '')
    errs.push(cause('spec.group', 'FieldValueRequired', 'Required value'));
  else if (!DNS_SUBDOMAIN.test(spec.group) || !spec.group.includes('.'))
    errs.push(invalidValue('spec.group', spec.group, 'should be a domain with at least one dot'));
  if (!names?.plural) errs.push(cause('spec.names.plural', 'FieldValueRequired', 'Required value'));
  else if (!DNS_LABEL.test(names.plural))
    errs.push(
      invalidValue(
        'spec.names.plural',
        names.plural,
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'",
      ),
    );
  if (!names?.kind) errs.push(cause('spec.names.kind', 'FieldValueRequired', 'Required value'));
  else if (!KIND.test(names.kind))
    errs.push(invalidValue('spec.names.kind', names.kind, 'must be a valid kind name'));
  if (names?.plural && spec.group && crd.metadata.name !== `${names.plural}.${spec.group}`)
    errs.push(invalidValue('metadata.name', crd.metadata.name, `must be spec.names.plural+"."+spec.group`));
}

function validateVersions(crd: CustomResourceDefinition, errs: FieldCause[]): void {
  const versions = Array.isArray(crd.spec.versions) ? crd.spec.versions : [];
  if (versions.length === 0)
    errs.push(
      cause(
        'spec.versions',
        'FieldValueInvalid',
        'Invalid value: "null": must have exactly one version marked as storage version',
      ),
    );
  const storage = versions.filter((v) => v.storage).length;
  if (versions.length > 0 && storage !== 1)
    errs.push(
      invalidValue(
        'spec.versions',
        versions.map((v) => v.name),
        'must have exactly one version marked as storage version',
      ),
    );
  versions.forEach((v, i) => {
    if (!v.name || !DNS_LABEL.test(v.name))
      errs.push(invalidValue(`spec.versions[${i}].name`, v.name, 'must be a DNS-1035 label'));
  });
  const scope: string = crd.spec.scope;
  if (scope !== 'Namespaced' && scope !== 'Cluster')
    errs.push(
      cause(
        'spec.scope',
        'FieldValueNotSupported',
        `Unsupported value: ${JSON.stringify(crd.spec.scope)}: supported values: "Cluster", "Namespaced"`,
      ),
    );
}

function established(crd: CustomResourceDefinition, now: Date): void {
  const t = timestamp(now);
  const storage = crd.spec.versions.find((v) => v.storage)?.name;
  const stored = new Set([...(crd.status?.storedVersions ?? []), ...(storage ? [storage] : [])]);
  crd.status = {
    acceptedNames: crd.spec.names,
    storedVersions: [...stored],
    conditions: [
      {
        type: 'NamesAccepted',
        status: 'True',
        reason: 'NoConflicts',
        message: 'no conflicts found',
        lastTransitionTime: t,
      },
      {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
        lastTransitionTime: t,
      },
    ],
  };
}

export function crdStrategy(now: () => Date): KindStrategy {
  return {
    prepareForCreate(obj: KubeObject): void {
      established(obj as unknown as CustomResourceDefinition, now());
    },
    prepareForUpdate(obj: KubeObject, old: KubeObject): void {
      const crd = obj as unknown as CustomResourceDefinition;
      const oldStatus = (old as unknown as CustomResourceDefinition).status;
      if (oldStatus) crd.status = oldStatus;
      established(crd, now());
    },
    validate(obj: KubeObject): FieldCause[] {
      const crd = obj as unknown as CustomResourceDefinition;
      const errs: FieldCause[] = [];
      if (typeof crd.spec !== 'object' || (crd.spec as unknown) === null)
        return [cause('spec', 'FieldValueRequired', 'Required value')];
      validateNames(crd, errs);
      validateVersions(crd, errs);
      return errs;
    },
  };
}
