/**
 * TreeLabels: the labels that place a namespace in an organization's tree (organization, team and
 * `*.tree.orgplane.io/depth`) decide inherited access, so only the server writes them (with the
 * Team or Organization, in admission). A Namespace create or update that sets or changes one is 422
 * on metadata.labels, unless the writer is system:masters (HNC's rule for its tree labels).
 */
import type { KubeObject } from '../../api/meta.js';
import { ORGANIZATION_LABEL, TEAM_LABEL, TREE_LABEL_SUFFIX } from '../../api/tree.js';
import { MASTERS_GROUP } from '../authz/masters.js';
import { invalid } from '../errors/status.js';
import { forbidden } from '../validation/field.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';

const isTreeLabel = (k: string): boolean =>
  k === ORGANIZATION_LABEL || k === TEAM_LABEL || k.endsWith(TREE_LABEL_SUFFIX);

function treeLabelsOf(obj: KubeObject | undefined): string {
  const labels = obj?.metadata.labels ?? {};
  return JSON.stringify(
    Object.keys(labels)
      .filter(isTreeLabel)
      .sort()
      .map((k) => [k, labels[k]]),
  );
}

export function treeLabelGuard(): AdmissionPlugin {
  return {
    name: 'TreeLabels',
    handles: (a: Attributes) =>
      a.resource.group === '' &&
      a.resource.plural === 'namespaces' &&
      (a.operation === 'CREATE' || a.operation === 'UPDATE'),
    validate(a: Attributes): void {
      if (a.user.groups.includes(MASTERS_GROUP)) return;
      if (treeLabelsOf(a.object) === treeLabelsOf(a.oldObject)) return;
      throw invalid({ group: '', kind: 'Namespace' }, a.name, [
        forbidden(
          'metadata.labels',
          `${ORGANIZATION_LABEL}, ${TEAM_LABEL} and *${TREE_LABEL_SUFFIX} are set by the server from Organizations and Teams`,
        ),
      ]);
    },
  };
}
