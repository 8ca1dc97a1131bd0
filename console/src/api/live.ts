/**
 * Live reads for pages: useLiveList (list, then watch; see watch.ts) and useLiveObject (one
 * object, the same loop narrowed by metadata.name). Both restart when their inputs change and stop
 * when the component unmounts.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ApiRequestError } from './errors';
import type { KubeObject } from './types';
import { reflect, type ListQuery, type Reflection } from './watch';

export interface LiveListOptions extends ListQuery {
  /** false: do not read (yet); default true */
  readonly enabled?: boolean;
}

export interface LiveList<T extends KubeObject> {
  readonly items: readonly T[];
  readonly error: ApiRequestError | undefined;
  /** true until the first list answered */
  readonly loading: boolean;
}

/** `path`: an API collection path (see paths.ts resourcePath), e.g. /apis/orgplane.io/v1alpha1/organizations */
export function useLiveList<T extends KubeObject>(path: string, opts: LiveListOptions = {}): LiveList<T> {
  const { labelSelector, fieldSelector, enabled = true } = opts;
  const [state, setState] = useState<Reflection<T>>({ items: [], error: undefined, listed: false });
  useEffect(() => {
    setState({ items: [], error: undefined, listed: false });
    if (!enabled) return undefined;
    const abort = new AbortController();
    const query: ListQuery = {
      ...(labelSelector !== undefined ? { labelSelector } : {}),
      ...(fieldSelector !== undefined ? { fieldSelector } : {}),
    };
    void reflect<T>(path, query, abort.signal, setState);
    return () => {
      abort.abort();
    };
  }, [path, labelSelector, fieldSelector, enabled]);
  return { items: state.items, error: state.error, loading: enabled && !state.listed && !state.error };
}

export interface LiveObject<T extends KubeObject> {
  readonly object: T | undefined;
  readonly error: ApiRequestError | undefined;
  readonly loading: boolean;
  /** listed, and no such object (yet, or any more) */
  readonly notFound: boolean;
}

/** One object of the collection at `collectionPath`, kept current by a watch on its name. */
export function useLiveObject<T extends KubeObject>(collectionPath: string, name: string): LiveObject<T> {
  const list = useLiveList<T>(collectionPath, { fieldSelector: `metadata.name=${name}` });
  const object = list.items.find((o) => o.metadata.name === name);
  return {
    object,
    error: list.error,
    loading: list.loading,
    notFound: !list.loading && !list.error && object === undefined,
  };
}
