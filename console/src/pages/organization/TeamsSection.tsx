/** The organization's Teams tab: the tree of departments and teams (expand, collapse, usage per team); create and move a team. */
import type { JSX } from 'preact';
import { useCan } from '../../api/can';
import { useLiveList } from '../../api/live';
import { TEAMS, resourcePath } from '../../api/paths';
import { ErrorBanner } from '../../components/ErrorBanner';
import type { SectionProps } from './section';
import { CreateTeamForm } from './org-create-team';
import { MoveTeamForm } from './org-move-team';
import { TeamTree } from './org-team-tree';
import { buildTree } from './org-tree';
import type { Team } from './org-types';

export function TeamsSection({ org }: SectionProps): JSX.Element {
  const { items, error, loading } = useLiveList<Team>(resourcePath(TEAMS, { namespace: org }));
  const canCreate = useCan('create', 'teams.orgplane.io', org);
  const canMove = useCan('update', 'teams.orgplane.io', org);
  const tree = buildTree(items);
  return (
    <div class="teams">
      <ErrorBanner error={error} />
      {loading ? (
        <p role="status">Loading teams…</p>
      ) : items.length === 0 ? (
        <p class="muted">No teams yet: everything is directly in the organization.</p>
      ) : (
        <TeamTree nodes={tree} />
      )}
      <div class="org-forms">
        {canCreate === true && <CreateTeamForm org={org} tree={tree} />}
        {canMove === true && items.length > 0 && <MoveTeamForm org={org} teams={items} tree={tree} />}
      </div>
    </div>
  );
}
