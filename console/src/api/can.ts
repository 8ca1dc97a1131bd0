/**
 * useCan(verb, resource, namespace, name?): may the signed-in user do this? Asked with a
 * SelfSubjectAccessReview (never guessed from role names); answers are cached for 30 s (a failed
 * ask counts as false and is not cached).
 * undefined while the answer is on its way (render the action disabled or hidden until true).
 */
import { useEffect, useState } from 'preact/hooks';
import { parseResource } from './paths';
import { request } from './request';

const TTL_MS = 30_000;
const cache = new Map<string, { readonly at: number; readonly answer: Promise<boolean> }>();

interface Review {
  readonly status?: { readonly allowed?: boolean };
}

/** The cached or new answer of a SelfSubjectAccessReview. */
export function can(verb: string, resource: string, namespace: string, name = ''): Promise<boolean> {
  const key = JSON.stringify([verb, resource, namespace, name]);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.answer;
  const r = parseResource(resource);
  const answer = request<Review>('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
    method: 'POST',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb, ...r, namespace, name } },
    },
  }).then(
    (review) => review.status?.allowed === true,
    () => {
      cache.delete(key); // a failed ask is not an answer: ask again next time
      return false;
    },
  );
  cache.set(key, { at: Date.now(), answer });
  return answer;
}

/** Forget cached answers (after the user's bindings may have changed). */
export function forgetAccess(): void {
  cache.clear();
}

/** `resource`: "plural[.group][/subresource]", e.g. "agents.orgplane.io". */
export function useCan(
  verb: string,
  resource: string,
  namespace: string,
  name?: string,
): boolean | undefined {
  const [allowed, setAllowed] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    let live = true;
    setAllowed(undefined);
    void can(verb, resource, namespace, name).then((a) => {
      if (live) setAllowed(a);
    });
    return () => {
      live = false;
    };
  }, [verb, resource, namespace, name]);
  return allowed;
}
