/** An export as text: YAML documents separated by `---`, or one JSON `v1` List; both apply with kubectl. */
import { dump } from 'js-yaml';
import type { Obj } from '../gitops/objects.js';

export type Format = 'yaml' | 'json';

export function render(objects: readonly Obj[], format: Format): string {
  if (format === 'json')
    return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: {}, items: objects }, null, 2)}\n`;
  return objects.map((o) => dump(o, { noRefs: true, lineWidth: -1 })).join('---\n');
}
