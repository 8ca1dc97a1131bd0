/** An object as YAML for the agent page: managedFields folded away unless asked for. */
import { dump } from 'js-yaml';

export function toYaml(object: unknown, withManagedFields = false): string {
  if (withManagedFields || typeof object !== 'object' || object === null)
    return dump(object, { noRefs: true });
  const o = object as { metadata?: Record<string, unknown> };
  if (o.metadata === undefined || !('managedFields' in o.metadata)) return dump(object, { noRefs: true });
  const { managedFields: _folded, ...metadata } = o.metadata;
  return dump({ ...o, metadata }, { noRefs: true });
}
