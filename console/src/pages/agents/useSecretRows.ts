/**
 * The Secrets the caller may list, live, as SecretRows: the values the list and watch carry are
 * dropped as each object arrives, before the watch loop keeps it (only key names are kept).
 */
import { useEffect, useState } from 'preact/hooks';
import type { ApiRequestError } from '../../api/errors';
import { resourcePath, SECRETS } from '../../api/paths';
import { reflect } from '../../api/watch';
import { secretRow, withoutValues, type SecretRow } from './secret-data';
import type { Secret } from './types';

export interface SecretRows {
  readonly rows: readonly SecretRow[];
  readonly error: ApiRequestError | undefined;
  readonly loading: boolean;
}

export function useSecretRows(): SecretRows {
  const [state, setState] = useState<SecretRows>({ rows: [], error: undefined, loading: true });
  useEffect(() => {
    const abort = new AbortController();
    void reflect<Secret>(
      resourcePath(SECRETS),
      {},
      abort.signal,
      (r) => {
        setState({ rows: r.items.map(secretRow), error: r.error, loading: !r.listed && !r.error });
      },
      withoutValues,
    );
    return () => {
      abort.abort();
    };
  }, []);
  return state;
}
