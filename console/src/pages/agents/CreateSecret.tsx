/** A new Opaque Secret with one key (value in a password field, cleared once created). */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { resourcePath, SECRETS } from '../../api/paths';
import { request } from '../../api/request';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from './Field';
import type { NamespaceOption } from './namespaces';
import { NamespaceSelect } from './NamespaceSelect';
import { newSecret, validKey } from './secret-data';

export interface CreateSecretProps {
  readonly namespaces: readonly NamespaceOption[];
  readonly namespace: string;
  readonly onDone: (message: string) => void;
  readonly onCancel: () => void;
}

export function CreateSecret(p: CreateSecretProps): JSX.Element {
  const [namespace, setNamespace] = useState(p.namespace);
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const keyError = key !== '' && !validKey(key) ? 'Use letters, digits, "-", "_" and "." only.' : undefined;
  const submit = (e: Event): void => {
    e.preventDefault();
    if (keyError !== undefined) return;
    setBusy(true);
    setError(undefined);
    request(resourcePath(SECRETS, { namespace }), {
      method: 'POST',
      body: newSecret(namespace, name.trim(), key, value),
    }).then(
      () => {
        setValue('');
        p.onDone(`Secret ${name.trim()} created.`);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err);
      },
    );
  };
  return (
    <form class="create-panel" aria-labelledby="create-secret-title" onSubmit={submit} noValidate>
      <h3 id="create-secret-title">Create secret</h3>
      <NamespaceSelect
        id="secret-namespace"
        label="Team"
        namespaces={p.namespaces}
        value={namespace}
        onChange={setNamespace}
      />
      <Field id="new-secret-name" label="Name" value={name} onInput={setName} required />
      <Field id="new-secret-key" label="Key" value={key} onInput={setKey} error={keyError} required />
      <Field
        id="new-secret-value"
        label="Value"
        type="password"
        autoComplete="new-password"
        value={value}
        onInput={setValue}
      />
      <ErrorBanner error={error} />
      <div class="actions">
        <button type="submit" disabled={busy}>
          Create
        </button>{' '}
        <button type="button" onClick={p.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
