/** A labelled select of the organization's namespaces (by team), optionally with "All teams". */
import type { JSX } from 'preact';
import type { NamespaceOption } from './namespaces';

export interface NamespaceSelectProps {
  readonly id: string;
  readonly label: string;
  readonly namespaces: readonly NamespaceOption[];
  readonly value: string;
  readonly onChange: (namespace: string) => void;
  /** offer '' as "All teams" */
  readonly all?: boolean;
}

export function NamespaceSelect(p: NamespaceSelectProps): JSX.Element {
  return (
    <span class="field">
      <label for={p.id}>{p.label}</label>
      <select
        id={p.id}
        value={p.value}
        onChange={(e) => {
          p.onChange(e.currentTarget.value);
        }}
      >
        {p.all === true && <option value="">All teams</option>}
        {p.namespaces.map((n) => (
          <option key={n.namespace} value={n.namespace}>
            {n.label}
          </option>
        ))}
      </select>
    </span>
  );
}
