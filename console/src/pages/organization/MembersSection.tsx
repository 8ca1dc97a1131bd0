/**
 * The organization's Members tab: who has which role where, and why (RoleBindings of the
 * organization's and its team namespaces, inherited down the tree, and Groups), the bindings with
 * Remove, the Add form and the Groups with their members. Live by watches; actions only where
 * SelfSubjectAccessReview allows them.
 */
import type { JSX } from 'preact';
import { useCan } from '../../api/can';
import { useLiveList } from '../../api/live';
import { GROUPS, ROLE_BINDINGS, TEAMS, resourcePath } from '../../api/paths';
import { ErrorBanner } from '../../components/ErrorBanner';
import { AccessTable } from '../members/AccessTable';
import { AddBindingForm } from '../members/AddBindingForm';
import { BindingsTable, RB_RESOURCE } from '../members/BindingsTable';
import { GroupsPanel } from '../members/GroupsPanel';
import { WhoCanPanel } from '../members/WhoCanPanel';
import { accessRows, namespaceTree } from '../members/access';
import type { Group, RoleBinding, Team } from '../members/types';
import type { SectionProps } from './section';

export function MembersSection({ org }: SectionProps): JSX.Element {
  const teams = useLiveList<Team>(resourcePath(TEAMS, { namespace: org }));
  const groups = useLiveList<Group>(resourcePath(GROUPS, { namespace: org }));
  const canList = useCan('list', RB_RESOURCE, org);
  const canCreate = useCan('create', RB_RESOURCE, org);
  // one cross-namespace watch: the server answers the namespaces the user may list
  const all = useLiveList<RoleBinding>(resourcePath(ROLE_BINDINGS), { enabled: canList === true });
  const tree = namespaceTree(org, teams.items);
  const bindings = all.items.filter((b) => tree.has(b.metadata.namespace ?? ''));
  const rows = accessRows(tree, bindings, groups.items);
  const namespaces = [...tree.keys()].sort();
  const loading = teams.loading || groups.loading || canList === undefined || all.loading;

  return (
    <div class="members">
      <ErrorBanner error={teams.error ?? groups.error ?? all.error} />
      {loading ? (
        <p role="status">Loading members…</p>
      ) : !canList ? (
        <p class="notice">You may not read the role bindings of {org}; its groups are listed below.</p>
      ) : (
        <>
          <h3>Access</h3>
          <AccessTable rows={rows} />
          <h3>Role bindings</h3>
          {canCreate === true && <AddBindingForm namespaces={namespaces} />}
          <BindingsTable bindings={bindings} />
          <h3>Who can…?</h3>
          <WhoCanPanel namespaces={namespaces} />
        </>
      )}
      <h3>Groups</h3>
      <GroupsPanel groups={groups.items} />
    </div>
  );
}
