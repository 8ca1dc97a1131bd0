/**
 * Add a member: subject kind and name, role (the tenant ClusterRoles and the namespace's Roles) and
 * namespace. The binding is sent with dryRun=All first and created only if that passed; the
 * server's field errors are shown beside their fields, anything else in a banner.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiRequestError } from '../../api/errors';
import { useListOnce } from '../../api/once';
import { ROLE_BINDINGS, resourcePath, withQuery, type ResourceRef } from '../../api/paths';
import { request } from '../../api/request';
import { ErrorBanner } from '../../components/ErrorBanner';
import { bindingFromForm, fieldErrors, SUBJECT_KINDS, TENANT_ROLES, type FormField } from './binding';
import { Field } from '../../components/Field';
import type { Role } from './types';
import { useAction } from './useAction';

const ROLES: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles' };

export function AddBindingForm({ namespaces }: { readonly namespaces: readonly string[] }): JSX.Element {
  const [namespace, setNamespace] = useState(namespaces[0] ?? '');
  const [kind, setKind] = useState<string>('User');
  const [name, setName] = useState('');
  const [role, setRole] = useState(`ClusterRole/${TENANT_ROLES[2]}`);
  const [added, setAdded] = useState('');
  const roles = useListOnce<Role>(resourcePath(ROLES, { namespace }), namespace !== '');
  const action = useAction();
  const causes = action.error instanceof ApiRequestError ? (action.error.status.details?.causes ?? []) : [];
  const errors = fieldErrors(causes);
  const fieldLevel = Object.keys(errors).length > 0;

  const submit = async (e: Event) => {
    e.preventDefault();
    setAdded('');
    const binding = bindingFromForm({ namespace, kind, name: name.trim(), role });
    const path = resourcePath(ROLE_BINDINGS, { namespace });
    const ok = await action.run(async () => {
      await request(withQuery(path, { dryRun: 'All' }), { method: 'POST', body: binding });
      await request(path, { method: 'POST', body: binding });
    });
    if (ok) {
      setAdded(`Added ${binding.metadata.name} in ${namespace}.`);
      setName('');
    }
  };
  const error = (f: FormField) => errors[f];

  return (
    <form class="member-form" aria-labelledby="add-member-heading" onSubmit={(e) => void submit(e)}>
      <h4 id="add-member-heading">Add a member</h4>
      <Field id="add-member-kind" label="Subject kind" error={error('kind')}>
        <select
          value={kind}
          onChange={(e) => {
            setKind(e.currentTarget.value);
          }}
        >
          {SUBJECT_KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </Field>
      <Field id="add-member-name" label="Subject name" error={error('name')}>
        <input
          value={name}
          required
          autoComplete="off"
          onInput={(e) => {
            setName(e.currentTarget.value);
          }}
        />
      </Field>
      <Field id="add-member-role" label="Role" error={error('role')}>
        <select
          value={role}
          onChange={(e) => {
            setRole(e.currentTarget.value);
          }}
        >
          {TENANT_ROLES.map((r) => (
            <option key={r} value={`ClusterRole/${r}`}>
              {r}
            </option>
          ))}
          {roles.items.map((r) => (
            <option key={r.metadata.name} value={`Role/${r.metadata.name}`}>
              Role {r.metadata.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="add-member-namespace" label="Namespace" error={error('namespace')}>
        <select
          value={namespace}
          onChange={(e) => {
            setNamespace(e.currentTarget.value);
          }}
        >
          {namespaces.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </Field>
      <button type="submit" disabled={action.busy}>
        Add member
      </button>
      {added !== '' && <p role="status">{added}</p>}
      {fieldLevel ? (
        <p class="error-text" role="alert">
          {action.error instanceof Error ? action.error.message : ''}
        </p>
      ) : (
        <ErrorBanner error={action.error} />
      )}
    </form>
  );
}
