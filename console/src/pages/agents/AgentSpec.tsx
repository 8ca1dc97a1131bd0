/** An agent's spec and status as a description list (env values shown only as literal or source). */
import type { JSX } from 'preact';
import type { Agent, EnvVar } from './types';

const source = (e: EnvVar): string => {
  const s = e.valueFrom?.secretKeyRef;
  const c = e.valueFrom?.configMapKeyRef;
  if (s) return `from Secret ${s.name}, key ${s.key}`;
  if (c) return `from ConfigMap ${c.name}, key ${c.key}`;
  return e.value ?? '';
};

const readyText = (agent: Agent): string => {
  const c = agent.status?.conditions?.find((x) => x.type === 'Ready');
  return c ? `${c.status}${c.reason ? ` (${c.reason})` : ''}` : '-';
};

const list = (xs: readonly string[] | undefined): string => (xs && xs.length > 0 ? xs.join(', ') : '-');

export function AgentSpec({ agent }: { readonly agent: Agent }): JSX.Element {
  const spec = agent.spec ?? {};
  return (
    <dl class="facts">
      <dt>Phase</dt>
      <dd>{agent.status?.phase ?? 'Pending'}</dd>
      <dt>Ready</dt>
      <dd>{readyText(agent)}</dd>
      <dt>Model</dt>
      <dd>{spec.model ?? '-'}</dd>
      <dt>Description</dt>
      <dd>{spec.description ?? '-'}</dd>
      <dt>Tools</dt>
      <dd>{list(spec.tools)}</dd>
      <dt>Instructions</dt>
      <dd class="pre">{spec.instructions ?? '-'}</dd>
      <dt>Environment</dt>
      <dd>
        {spec.env && spec.env.length > 0 ? (
          <ul>
            {spec.env.map((e) => (
              <li key={e.name}>
                <code>{e.name}</code> {source(e)}
              </li>
            ))}
          </ul>
        ) : (
          '-'
        )}
      </dd>
      <dt>Labels</dt>
      <dd>{list(Object.entries(agent.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`))}</dd>
    </dl>
  );
}
