/** An object's conditions: type, status, reason, message and when the status last changed. */
import type { JSX } from 'preact';
import type { Condition } from '../api/types';
import { RelativeAge } from './RelativeAge';

export function ConditionList({
  conditions,
}: {
  readonly conditions: readonly Condition[] | undefined;
}): JSX.Element {
  if (!conditions || conditions.length === 0) return <p class="muted">No conditions reported yet.</p>;
  return (
    <table class="table">
      <caption class="visually-hidden">Conditions</caption>
      <thead>
        <tr>
          <th scope="col">Type</th>
          <th scope="col">Status</th>
          <th scope="col">Reason</th>
          <th scope="col">Message</th>
          <th scope="col">Since</th>
        </tr>
      </thead>
      <tbody>
        {conditions.map((c) => (
          <tr key={c.type}>
            <th scope="row">{c.type}</th>
            <td class={`condition-${c.status.toLowerCase()}`}>{c.status}</td>
            <td>{c.reason ?? ''}</td>
            <td>{c.message ?? ''}</td>
            <td>{c.lastTransitionTime ? <RelativeAge timestamp={c.lastTransitionTime} /> : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
