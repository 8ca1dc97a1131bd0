/** Label and field selectors for list, watch and deletecollection (see label.ts, field.ts). */
export { SelectorError } from './validation.js';
export {
  EVERYTHING,
  NOTHING,
  type LabelOperator,
  type LabelRequirement,
  type LabelSelector,
  type MetaLabelSelector,
  type MetaLabelSelectorRequirement,
  formatLabelSelector,
  isEverything,
  labelRequiresExactMatch,
  labelSelectorFromMeta,
  matchesLabels,
  parseLabelSelector,
} from './label.js';
export {
  type FieldRequirement,
  type FieldSelector,
  exactName,
  exactNamespace,
  fieldRequiresExactMatch,
  formatFieldSelector,
  isEverythingField,
  matchesFields,
  parseFieldSelector,
} from './field.js';
export {
  type FieldSet,
  customResourceFieldSet,
  eventFieldSet,
  matchesObjectFields,
  namespaceFieldSet,
  objectMetaFieldSet,
} from './fieldsets.js';
