/** One user action at a time: busy while it runs, its failure (the server's Status) kept to show. */
import { useState } from 'preact/hooks';

export interface Action {
  readonly busy: boolean;
  readonly error: unknown;
  /** runs fn unless one is running; resolves true when it succeeded */
  readonly run: (fn: () => Promise<unknown>) => Promise<boolean>;
  readonly clear: () => void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  return {
    busy,
    error,
    clear: () => {
      setError(undefined);
    },
    run: async (fn) => {
      if (busy) return false;
      setBusy(true);
      setError(undefined);
      try {
        await fn();
        return true;
      } catch (err) {
        setError(err);
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}
