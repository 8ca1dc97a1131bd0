/**
 * "Set value" of one Secret key: a JSON merge patch of stringData through the console API. The
 * value is typed into a password field, sent, and cleared on success; it is never shown.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { resourcePath, SECRETS } from '../../api/paths';
import { request } from '../../api/request';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from './Field';
import { setValuePatch, validKey, type SecretRow } from './secret-data';

export interface SetSecretValueProps {
  readonly secret: SecretRow;
  readonly onDone: (message: string) => void;
  readonly onCancel: () => void;
}

export function SetSecretValue({ secret, onDone, onCancel }: SetSecretValueProps): JSX.Element {
  const [key, setKey] = useState(secret.keys[0] ?? '');
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const keyError = key !== '' && !validKey(key) ? 'Use letters, digits, "-", "_" and "." only.' : undefined;
  const submit = (e: Event): void => {
    e.preventDefault();
    if (key === '' || keyError !== undefined) return;
    setBusy(true);
    setError(undefined);
    request(resourcePath(SECRETS, { namespace: secret.namespace, name: secret.name }), {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: JSON.stringify(setValuePatch(key, value)),
    }).then(
      () => {
        setBusy(false);
        setValue('');
        onDone(`Value of ${key} in ${secret.name} set.`);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err);
      },
    );
  };
  return (
    <form class="create-panel" aria-labelledby="set-value-title" onSubmit={submit} noValidate>
      <h3 id="set-value-title">Set a value of Secret {secret.name}</h3>
      <Field id="secret-key" label="Key" value={key} onInput={setKey} error={keyError} required />
      <Field
        id="secret-value"
        label="Value"
        type="password"
        autoComplete="new-password"
        value={value}
        onInput={setValue}
        hint="Stored encrypted; never shown again."
      />
      <ErrorBanner error={error} />
      <div class="actions">
        <button type="submit" disabled={busy || key === ''}>
          Set value
        </button>{' '}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
