/** "Move team": choose a team and its new parent (never one inside the team's own subtree). */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorBanner } from '../../components/ErrorBanner';
import { flatten, subtreeOf, teamLabel, type TeamNode } from './org-tree';
import type { Team } from './org-types';
import { moveTeam } from './org-write';

const indent = (depth: number): string => '\u2003'.repeat(depth - 1);

export function MoveTeamForm({
  org,
  teams,
  tree,
}: {
  readonly org: string;
  readonly teams: readonly Team[];
  readonly tree: readonly TeamNode[];
}): JSX.Element {
  const rows = flatten(tree);
  const [team, setTeam] = useState('');
  const [parent, setParent] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [done, setDone] = useState('');
  const chosen = rows.find((r) => r.team.metadata.name === team)?.team;
  const excluded = chosen ? subtreeOf(teams, chosen.metadata.name) : new Set<string>();

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setFailure(undefined);
    setDone('');
    try {
      await moveTeam(org, chosen.metadata.name, parent);
      const to = rows.find((r) => r.team.metadata.name === parent)?.team;
      setDone(`Moved ${teamLabel(chosen)} under ${to ? teamLabel(to) : org}.`);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="org-form" aria-labelledby="move-team-heading" onSubmit={(e) => void submit(e)}>
      <h3 id="move-team-heading">Move team</h3>
      <label for="move-team">Team to move</label>
      <select
        id="move-team"
        value={team}
        onChange={(e) => {
          setTeam(e.currentTarget.value);
          setParent('');
        }}
      >
        <option value="">Choose a team</option>
        {rows.map(({ team: t, depth }) => (
          <option key={t.metadata.name} value={t.metadata.name}>
            {indent(depth)}
            {teamLabel(t)}
          </option>
        ))}
      </select>
      <label for="move-parent">New parent</label>
      <select
        id="move-parent"
        value={parent}
        disabled={!chosen}
        onChange={(e) => {
          setParent(e.currentTarget.value);
        }}
      >
        <option value="">{org} (top level)</option>
        {rows
          .filter((r) => !excluded.has(r.team.metadata.name))
          .map(({ team: t, depth }) => (
            <option key={t.metadata.name} value={t.metadata.name}>
              {indent(depth)}
              {teamLabel(t)}
            </option>
          ))}
      </select>
      <ErrorBanner error={failure} />
      <p role="status">{done}</p>
      <button type="submit" disabled={busy || !chosen || (chosen.spec?.parent ?? '') === parent}>
        Move team
      </button>
    </form>
  );
}
