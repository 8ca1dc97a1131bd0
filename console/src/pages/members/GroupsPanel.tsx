/**
 * The organization's Groups and their members; where the user may patch a group, add a member or
 * remove one (a merge patch of spec.members guarded by the resourceVersion read, so a concurrent
 * change is refused with 409 rather than lost).
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useCan } from '../../api/can';
import { GROUPS, resourcePath } from '../../api/paths';
import { request } from '../../api/request';
import { ErrorBanner } from '../../components/ErrorBanner';
import type { Group } from './types';
import { useAction } from './useAction';

const patchMembers = (g: Group, members: readonly string[]) =>
  request(resourcePath(GROUPS, { namespace: g.metadata.namespace ?? '', name: g.metadata.name }), {
    method: 'PATCH',
    contentType: 'application/merge-patch+json',
    body: { metadata: { resourceVersion: g.metadata.resourceVersion }, spec: { members } },
  });

function GroupCard({ group }: { readonly group: Group }): JSX.Element {
  const { name, namespace = '' } = group.metadata;
  const members = group.spec?.members ?? [];
  const canPatch = useCan('patch', 'groups.orgplane.io', namespace, name) === true;
  const [member, setMember] = useState('');
  const action = useAction();
  const inputId = `group-${name}-new-member`;
  const add = async (e: Event) => {
    e.preventDefault();
    const m = member.trim();
    if (m === '' || members.includes(m)) return;
    if (await action.run(() => patchMembers(group, [...members, m]))) setMember('');
  };
  return (
    <section class="group-card" aria-labelledby={`group-${name}-heading`}>
      <h4 id={`group-${name}-heading`}>Group {name}</h4>
      {group.spec?.description && <p class="subtle">{group.spec.description}</p>}
      {members.length === 0 ? (
        <p class="muted">No members.</p>
      ) : (
        <ul class="group-members" aria-label={`Members of ${name}`}>
          {members.map((m) => (
            <li key={m}>
              <span>{m}</span>
              {canPatch && (
                <button
                  type="button"
                  class="secondary"
                  disabled={action.busy}
                  onClick={() =>
                    void action.run(() =>
                      patchMembers(
                        group,
                        members.filter((x) => x !== m),
                      ),
                    )
                  }
                >
                  Remove {m} from {name}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canPatch && (
        <form class="inline-form" onSubmit={(e) => void add(e)}>
          <label for={inputId}>New member of {name}</label>
          <input
            id={inputId}
            value={member}
            required
            autoComplete="off"
            onInput={(e) => {
              setMember(e.currentTarget.value);
            }}
          />
          <button type="submit" disabled={action.busy}>
            Add to {name}
          </button>
        </form>
      )}
      <ErrorBanner error={action.error} />
    </section>
  );
}

export function GroupsPanel({ groups }: { readonly groups: readonly Group[] }): JSX.Element {
  if (groups.length === 0) return <p class="muted">This organization has no groups.</p>;
  return (
    <div class="group-list">
      {groups.map((g) => (
        <GroupCard key={g.metadata.name} group={g} />
      ))}
    </div>
  );
}
