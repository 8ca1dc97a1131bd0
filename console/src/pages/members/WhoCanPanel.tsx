/**
 * "Who can …?": the server's WhoCanReview for a verb on a resource in one of the organization's
 * namespaces. It answers from the authorizer itself (ClusterRoleBindings, roles' rules, groups,
 * inheritance), which the browser cannot see in full; each subject with the reason it may.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { request } from '../../api/request';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Table, type Column } from '../../components/Table';
import { useAction } from './useAction';
import {
  VERBS,
  WHO_CAN_PATH,
  viaText,
  whoCanRequest,
  type WhoCanReview,
  type WhoCanSubject,
} from './who-can';

const columns: readonly Column<WhoCanSubject>[] = [
  { header: 'Subject', cell: (s) => `${s.namespace ? `${s.namespace}:` : ''}${s.name}` },
  { header: 'Kind', cell: (s) => s.kind },
  { header: 'Why', cell: (s) => viaText(s.via) },
];

export function WhoCanPanel({ namespaces }: { readonly namespaces: readonly string[] }): JSX.Element {
  const [verb, setVerb] = useState('create');
  const [resource, setResource] = useState('agents');
  const [namespace, setNamespace] = useState(namespaces[0] ?? '');
  const [answer, setAnswer] = useState<WhoCanReview | undefined>(undefined);
  const action = useAction();
  const ask = async (e: Event) => {
    e.preventDefault();
    setAnswer(undefined);
    await action.run(async () => {
      setAnswer(
        await request<WhoCanReview>(WHO_CAN_PATH, {
          method: 'POST',
          body: whoCanRequest(verb, resource, namespace),
        }),
      );
    });
  };
  const subjects = answer?.status?.subjects ?? [];
  return (
    <div class="who-can">
      <form class="audit-filters" aria-label="Who can" onSubmit={(e) => void ask(e)}>
        <div>
          <label for="who-can-verb">Verb</label>
          <select
            id="who-can-verb"
            value={verb}
            onChange={(e) => {
              setVerb(e.currentTarget.value);
            }}
          >
            {VERBS.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="who-can-resource">Resource</label>
          <input
            id="who-can-resource"
            value={resource}
            required
            onInput={(e) => {
              setResource(e.currentTarget.value);
            }}
          />
        </div>
        <div>
          <label for="who-can-namespace">In namespace</label>
          <select
            id="who-can-namespace"
            value={namespace}
            onChange={(e) => {
              setNamespace(e.currentTarget.value);
            }}
          >
            {namespaces.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={action.busy}>
          Check who can
        </button>
      </form>
      <ErrorBanner error={action.error} />
      {answer?.status?.evaluationError && <p class="notice">{answer.status.evaluationError}</p>}
      {answer && (
        <Table
          caption={`Who can ${verb} ${resource} in ${namespace}`}
          columns={columns}
          rows={subjects}
          rowKey={(s) => `${s.kind}|${s.namespace ?? ''}|${s.name}|${viaText(s.via)}`}
          empty={
            <p role="status">
              Nobody can {verb} {resource} in {namespace}.
            </p>
          }
        />
      )}
    </div>
  );
}
