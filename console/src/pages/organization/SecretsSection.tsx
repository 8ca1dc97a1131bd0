/**
 * The organization's Secrets tab: one cross-namespace list of Secrets, live, narrowed to the
 * organization's namespaces, showing names, types and key names only (values are dropped on
 * arrival, see useSecretRows). "Set value" and "Create secret" appear where RBAC allows them.
 */
import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { useCan } from '../../api/can';
import { ErrorBanner } from '../../components/ErrorBanner';
import { CreateSecret } from '../agents/CreateSecret';
import { inNamespaces } from '../agents/namespaces';
import { NamespaceSelect } from '../agents/NamespaceSelect';
import type { SecretRow } from '../agents/secret-data';
import { SecretsTable } from '../agents/SecretsTable';
import { SetSecretValue } from '../agents/SetSecretValue';
import { useOrgNamespaces } from '../agents/useOrgNamespaces';
import { useSecretRows } from '../agents/useSecretRows';
import type { SectionProps } from './section';

const asObject = (r: SecretRow) => ({ metadata: { name: r.name, namespace: r.namespace }, row: r });

export function SecretsSection({ org }: SectionProps): JSX.Element {
  const { namespaces, error: teamsError } = useOrgNamespaces(org);
  const { rows, error, loading } = useSecretRows();
  const [team, setTeam] = useState('');
  const [setting, setSetting] = useState<SecretRow | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState('');
  const shown = useMemo(
    () => inNamespaces(rows.map(asObject), namespaces, team).map((o) => o.row),
    [rows, namespaces, team],
  );
  const canCreate = useCan('create', 'secrets', team === '' ? org : team);
  const done = (message: string): void => {
    setNotice(message);
    setSetting(undefined);
    setCreating(false);
  };
  return (
    <div class="secrets">
      <div class="toolbar">
        <NamespaceSelect
          id="secrets-team"
          label="Team"
          all
          namespaces={namespaces}
          value={team}
          onChange={setTeam}
        />
        {canCreate === true && !creating && (
          <button
            type="button"
            onClick={() => {
              setCreating(true);
              setSetting(undefined);
              setNotice('');
            }}
          >
            Create secret
          </button>
        )}
      </div>
      <p class="muted">Values are stored encrypted and never shown here; only key names are.</p>
      <p role="status" class="notice-line">
        {notice}
      </p>
      {creating && (
        <CreateSecret
          namespaces={namespaces}
          namespace={team === '' ? org : team}
          onDone={done}
          onCancel={() => {
            setCreating(false);
          }}
        />
      )}
      {setting && (
        <SetSecretValue
          key={`${setting.namespace}/${setting.name}`}
          secret={setting}
          onDone={done}
          onCancel={() => {
            setSetting(undefined);
          }}
        />
      )}
      <ErrorBanner error={error ?? teamsError} />
      {loading ? (
        <p role="status">Loading secrets…</p>
      ) : (
        <SecretsTable
          rows={shown}
          namespaces={namespaces}
          onSet={(r) => {
            setSetting(r);
            setCreating(false);
            setNotice('');
          }}
        />
      )}
    </div>
  );
}
