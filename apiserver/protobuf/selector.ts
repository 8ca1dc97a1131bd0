/**
 * meta/v1 LabelSelector {1 matchLabels, 2 matchExpressions {1 key, 2 operator, 3 values}} to kube's
 * JSON: matchLabels, matchExpressions and values are omitempty; key and operator are always written.
 */
import type { Message } from './message.js';
import { setStrings } from './meta.js';

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

function decodeRequirement(m: Message): LabelSelectorRequirement {
  const req: LabelSelectorRequirement = { key: m.string(1) ?? '', operator: m.string(2) ?? '' };
  setStrings(req, 'values', m.strings(3));
  return req;
}

export function decodeLabelSelector(m: Message): LabelSelector {
  const selector: LabelSelector = {};
  const matchLabels = m.stringMap(1);
  if (matchLabels !== undefined) selector.matchLabels = matchLabels;
  const expressions = m.messages(2).map(decodeRequirement);
  if (expressions.length > 0) selector.matchExpressions = expressions;
  return selector;
}
