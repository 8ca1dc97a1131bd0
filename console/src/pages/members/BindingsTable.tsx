/** The organization's RoleBindings, one row each, with Remove (confirmed) where the user may delete it. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useCan } from '../../api/can';
import { ROLE_BINDINGS, resourcePath } from '../../api/paths';
import { request } from '../../api/request';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Table, type Column } from '../../components/Table';
import type { RoleBinding } from './types';
import { useAction } from './useAction';

export const RB_RESOURCE = 'rolebindings.rbac.authorization.k8s.io';

const subjects = (b: RoleBinding): string =>
  (b.subjects ?? []).map((s) => `${s.kind} ${s.namespace ? `${s.namespace}:` : ''}${s.name}`).join(', ');

function RemoveBinding({ binding }: { readonly binding: RoleBinding }): JSX.Element | null {
  const { name, namespace = '' } = binding.metadata;
  const allowed = useCan('delete', RB_RESOURCE, namespace, name);
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  if (allowed !== true) return null;
  const remove = () =>
    action.run(() =>
      request(resourcePath(ROLE_BINDINGS, { namespace, name }), {
        method: 'DELETE',
        body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: binding.metadata.uid } },
      }),
    );
  return (
    <div class="member-actions">
      {confirming ? (
        <>
          <span>Remove {name}?</span>
          <button type="button" class="danger" disabled={action.busy} onClick={() => void remove()}>
            Confirm removal of {name}
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setConfirming(false);
            }}
          >
            Cancel
          </button>
        </>
      ) : (
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setConfirming(true);
          }}
        >
          Remove binding {name}
        </button>
      )}
      <ErrorBanner error={action.error} />
    </div>
  );
}

const columns: readonly Column<RoleBinding>[] = [
  { header: 'Binding', cell: (b) => b.metadata.name },
  { header: 'Namespace', cell: (b) => <code>{b.metadata.namespace}</code> },
  { header: 'Role', cell: (b) => `${b.roleRef.kind} ${b.roleRef.name}` },
  { header: 'Subjects', cell: (b) => subjects(b) },
  { header: 'Actions', cell: (b) => <RemoveBinding binding={b} /> },
];

export function BindingsTable({ bindings }: { readonly bindings: readonly RoleBinding[] }): JSX.Element {
  return (
    <Table
      caption="Role bindings"
      columns={columns}
      rows={bindings}
      rowKey={(b) => `${b.metadata.namespace ?? ''}/${b.metadata.name}`}
      empty={<p>No role bindings.</p>}
    />
  );
}
