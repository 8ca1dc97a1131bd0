/** "Create team": name, display name, parent; checked by a server dry run, then created. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { fieldErrors, type FieldErrors } from './org-fields';
import { flatten, teamLabel, type TeamNode } from './org-tree';
import { createTeam } from './org-write';

const FIELDS = { name: 'metadata.name', displayName: 'spec.displayName', parent: 'spec.parent' } as const;

export function CreateTeamForm({
  org,
  tree,
}: {
  readonly org: string;
  readonly tree: readonly TeamNode[];
}): JSX.Element {
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [parent, setParent] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [done, setDone] = useState('');
  const errs: FieldErrors = fieldErrors(failure, FIELDS);
  /** every cause is beside its field: the banner says only the message */
  const placedAll = errs.rest.length === 0 && Object.keys(errs.byField).length > 0;

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setFailure(undefined);
    setDone('');
    try {
      const t = await createTeam(org, { name: name.trim(), displayName, parent });
      setDone(`Created team ${t.metadata.name}.`);
      setName('');
      setDisplayName('');
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="org-form" aria-labelledby="create-team-heading" onSubmit={(e) => void submit(e)}>
      <h3 id="create-team-heading">Create team</h3>
      <Field id="team-name" label="Name" error={errs.byField['name']}>
        <input
          id="team-name"
          required
          value={name}
          onInput={(e) => {
            setName(e.currentTarget.value);
          }}
        />
      </Field>
      <Field id="team-display-name" label="Display name" error={errs.byField['displayName']}>
        <input
          id="team-display-name"
          value={displayName}
          onInput={(e) => {
            setDisplayName(e.currentTarget.value);
          }}
        />
      </Field>
      <Field id="team-parent" label="Parent" error={errs.byField['parent']}>
        <select
          id="team-parent"
          value={parent}
          onChange={(e) => {
            setParent(e.currentTarget.value);
          }}
        >
          <option value="">{org} (top level)</option>
          {flatten(tree).map(({ team, depth }) => (
            <option key={team.metadata.name} value={team.metadata.name}>
              {'\u2003'.repeat(depth - 1)}
              {teamLabel(team)}
            </option>
          ))}
        </select>
      </Field>
      <ErrorBanner error={placedAll && failure instanceof Error ? failure.message : failure} />
      <p role="status">{done}</p>
      <button type="submit" disabled={busy}>
        Create team
      </button>
    </form>
  );
}
