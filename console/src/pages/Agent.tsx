/** One agent (built by a later helper: spec, status, conditions, events, YAML). */
import type { JSX } from 'preact';
export function AgentPage(props: {
  readonly name?: string;
  readonly ns?: string;
  readonly agent?: string;
}): JSX.Element {
  return (
    <section aria-labelledby="agent-heading">
      <h1 id="agent-heading">Agent {props.agent}</h1>
      <p class="muted">
        In {props.ns} of organization {props.name}. This page is not built yet.
      </p>
    </section>
  );
}
