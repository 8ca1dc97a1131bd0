/** The agent as YAML (js-yaml), managedFields folded away unless the checkbox asks for them. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { toYaml } from './yaml';

export function AgentYaml({ object }: { readonly object: unknown }): JSX.Element {
  const [managed, setManaged] = useState(false);
  return (
    <>
      <label class="check">
        <input
          type="checkbox"
          checked={managed}
          onChange={(e) => {
            setManaged(e.currentTarget.checked);
          }}
        />{' '}
        Show managedFields
      </label>
      <pre class="yaml" tabIndex={0} aria-label="Agent YAML">
        <code>{toYaml(object, managed)}</code>
      </pre>
    </>
  );
}
