/**
 * A list read once (re-read when its path changes), for choices in a form (e.g. the Roles a
 * binding may name) that need not be live: it holds no connection open. The browser keeps at most
 * six HTTP/1.1 connections per server and every live list holds one, so a page keeps its watches
 * for what it shows.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ApiRequestError } from './errors';
import { request } from './request';
import type { KubeList, KubeObject } from './types';

export interface ListOnce<T extends KubeObject> {
  readonly items: readonly T[];
  readonly error: ApiRequestError | undefined;
}

export function useListOnce<T extends KubeObject>(path: string, enabled = true): ListOnce<T> {
  const [state, setState] = useState<ListOnce<T>>({ items: [], error: undefined });
  useEffect(() => {
    setState({ items: [], error: undefined });
    if (!enabled) return undefined;
    const abort = new AbortController();
    request<KubeList<T>>(path, { signal: abort.signal }).then(
      (list) => {
        setState({ items: list.items, error: undefined });
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setState({ items: [], error: error as ApiRequestError });
      },
    );
    return () => {
      abort.abort();
    };
  }, [path, enabled]);
  return state;
}
