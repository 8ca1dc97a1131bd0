/** The confirmation before deleting an agent; the row then leaves the table through the watch. */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { resourcePath, AGENTS } from '../../api/paths';
import { request } from '../../api/request';
import { ErrorBanner } from '../../components/ErrorBanner';
import type { Agent } from './types';

export interface DeleteAgentProps {
  readonly agent: Agent;
  readonly onDone: (deleted: boolean) => void;
}

export function DeleteAgent({ agent, onDone }: DeleteAgentProps): JSX.Element {
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirm.current?.focus();
  }, [agent]);
  const { name, namespace = '' } = agent.metadata;
  const remove = (): void => {
    setBusy(true);
    request(resourcePath(AGENTS, { namespace, name }), { method: 'DELETE' }).then(
      () => {
        onDone(true);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err);
      },
    );
  };
  return (
    <div
      class="confirm"
      role="alertdialog"
      aria-labelledby="delete-agent-title"
      aria-describedby="delete-agent-text"
    >
      <h3 id="delete-agent-title">Delete agent {name}?</h3>
      <p id="delete-agent-text">
        The agent {name} in {namespace} is deleted for good.
      </p>
      <ErrorBanner error={error} />
      <button type="button" class="danger" ref={confirm} disabled={busy} onClick={remove}>
        Delete agent {name}
      </button>{' '}
      <button
        type="button"
        onClick={() => {
          onDone(false);
        }}
      >
        Cancel
      </button>
    </div>
  );
}
