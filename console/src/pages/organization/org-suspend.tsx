/** Suspend (after a confirmation) or resume the organization: spec.suspended by a merge patch. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorBanner } from '../../components/ErrorBanner';
import { setSuspended } from './org-write';

export function SuspendControl({
  org,
  suspended,
}: {
  readonly org: string;
  readonly suspended: boolean;
}): JSX.Element {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [confirming, setConfirming] = useState(false);

  const write = async (to: boolean): Promise<void> => {
    setBusy(true);
    setFailure(undefined);
    setConfirming(false);
    try {
      await setSuspended(org, to);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="suspend">
      <ErrorBanner error={failure} />
      {confirming ? (
        <div class="confirm" role="group" aria-labelledby="suspend-question">
          <p id="suspend-question">Suspend {org}? Its agents stop until it is resumed.</p>
          <button type="button" class="danger" onClick={() => void write(true)}>
            Suspend organization
          </button>{' '}
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setConfirming(false);
            }}
          >
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          class={suspended ? '' : 'danger'}
          disabled={busy}
          onClick={() => {
            if (suspended) void write(false);
            else setConfirming(true);
          }}
        >
          {suspended ? 'Resume' : 'Suspend'}
        </button>
      )}
    </div>
  );
}
