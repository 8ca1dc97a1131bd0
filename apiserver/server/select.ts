/** Label and field selectors compiled into the predicate the registry filters lists and watches with. */
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { matchEverything } from '../cache/filter.js';
import type { Selection } from '../handlers/context.js';
import {
  type FieldSet,
  SelectorError,
  customResourceFieldSet,
  exactName,
  matchesLabels,
  matchesObjectFields,
  objectMetaFieldSet,
  parseFieldSelector,
  parseLabelSelector,
} from '../selectors/index.js';

/** Which fields a kind can be selected by: its strategy's set (`own`), else metadata's. */
export function fieldSetFor(res: ResourceInfo, own?: FieldSet): FieldSet {
  if (own) return own;
  return res.builtin ? objectMetaFieldSet(res.namespaced) : customResourceFieldSet(res.namespaced, []);
}

export function selection(
  res: ResourceInfo,
  labelSelector: string | undefined,
  fieldSelector: string | undefined,
  own?: FieldSet,
): Selection {
  const labels = parseLabelSelector(labelSelector ?? '');
  if (labels instanceof SelectorError) throw labels;
  const fields = fieldSetFor(res, own);
  const fsel = parseFieldSelector(fieldSelector ?? '', (f) => fields.supports(f));
  if (fsel instanceof SelectorError) throw fsel;
  const name = exactName(fsel);
  const none = (labelSelector ?? '').trim() === '' && (fieldSelector ?? '').trim() === '';
  return {
    filter: none
      ? matchEverything
      : (obj: KubeObject) =>
          matchesLabels(labels, obj.metadata.labels) && matchesObjectFields(fsel, obj, fields),
    ...(name !== undefined ? { exactName: name } : {}),
  };
}
