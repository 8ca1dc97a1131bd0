/**
 * OrganizationTemplate defaults: an Organization created with spec.template gets every spec field
 * it leaves unset (among those its schema knows) from the template's spec.organization (and
 * spec.features flag by flag: the organization's own flags win), and status.template
 * {name, generation} records what was applied; the organization controller creates the template's
 * teams, groups and bindings. A missing template is 422 on spec.template.
 * Later edits of the template change no existing organization.
 */
import { objectOr } from '../../api/json.js';
import type { KubeObject } from '../../api/meta.js';
import { invalid } from '../errors/status.js';
import { objectKey } from '../registry/keys.js';
import { decode } from '../storage/codec.js';
import type { Storage } from '../storage/interface.js';
import { notFound } from '../validation/field.js';
import { withTemplateDefaults } from '../kinds/orgtemplate.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';

const TEMPLATES = { group: 'orgplane.io', plural: 'organizationtemplates', namespaced: false } as const;

/** The spec fields the Organization's schema declares. */
function knownSpecFields(a: Attributes): Set<string> {
  const schema = objectOr(a.resource.schema);
  const spec = objectOr(objectOr(schema.properties).spec);
  return new Set(Object.keys(objectOr(spec.properties)));
}

export function organizationTemplate(storage: Storage): AdmissionPlugin {
  return {
    name: 'OrganizationTemplate',
    handles: (a: Attributes) =>
      a.operation === 'CREATE' &&
      a.resource.group === 'orgplane.io' &&
      a.resource.plural === 'organizations' &&
      a.subresource === '',
    async admit(a: Attributes): Promise<void> {
      const obj = a.object;
      const spec = objectOr(obj?.spec);
      const name = spec.template;
      if (!obj || typeof name !== 'string' || name === '') return;
      const kv = await storage.get(objectKey(TEMPLATES, '', name));
      if (!kv)
        throw invalid({ group: 'orgplane.io', kind: 'Organization' }, a.name, [
          notFound('spec.template', name),
        ]);
      const template: KubeObject = decode(kv);
      const defaults = objectOr(objectOr(template.spec).organization);
      const known = knownSpecFields(a);
      obj.spec = withTemplateDefaults(spec, defaults, known);
      obj.status = {
        ...objectOr(obj.status),
        template: { name, generation: template.metadata.generation ?? 1 },
      };
    },
  };
}
