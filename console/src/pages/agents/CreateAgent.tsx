/**
 * The create-agent panel: a form, or a pasted YAML document. Both go through createAgent (dry run,
 * then create); field errors from the Status causes are shown beside their fields. The new agent
 * reaches the table through its watch, not from here.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorBanner } from '../../components/ErrorBanner';
import {
  agentFromFields,
  agentFromYaml,
  EMPTY_FIELDS,
  fieldErrors,
  type AgentFields,
  type FieldKey,
} from './agent-form';
import { createAgent } from './create-agent';
import { Field } from './Field';
import type { NamespaceOption } from './namespaces';
import { NamespaceSelect } from './NamespaceSelect';

export interface CreateAgentProps {
  readonly namespaces: readonly NamespaceOption[];
  readonly namespace: string;
  readonly onCreated: (name: string) => void;
  readonly onCancel: () => void;
}

const YAML_EXAMPLE = 'metadata:\n  name: my-agent\nspec:\n  model: gpt-4o\n';

export function CreateAgent(p: CreateAgentProps): JSX.Element {
  const [mode, setMode] = useState<'form' | 'yaml'>('form');
  const [fields, setFields] = useState<AgentFields>({ ...EMPTY_FIELDS, namespace: p.namespace });
  const [yaml, setYaml] = useState(YAML_EXAMPLE);
  const [errors, setErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof AgentFields) => (v: string) => {
    setFields((f) => ({ ...f, [k]: v }));
  };
  const field = (
    k: Exclude<FieldKey, 'yaml'>,
    label: string,
    extra: Partial<Parameters<typeof Field>[0]> = {},
  ) => (
    <Field id={`agent-${k}`} label={label} value={fields[k]} onInput={set(k)} error={errors[k]} {...extra} />
  );

  const submit = (e: Event): void => {
    e.preventDefault();
    setErrors({});
    setError(undefined);
    const parsed =
      mode === 'form'
        ? { ok: true as const, agent: agentFromFields(fields) }
        : agentFromYaml(yaml, fields.namespace);
    if (!parsed.ok) {
      setErrors({ yaml: parsed.error });
      return;
    }
    setBusy(true);
    createAgent(parsed.agent).then(
      (a) => {
        setBusy(false);
        p.onCreated(a.metadata.name);
      },
      (err: unknown) => {
        setBusy(false);
        const placed = fieldErrors(err, mode === 'yaml');
        setErrors(placed.fields);
        setError(placed.rest);
      },
    );
  };

  return (
    <form class="create-panel" aria-labelledby="create-agent-title" onSubmit={submit} noValidate>
      <h3 id="create-agent-title">Create agent</h3>
      <fieldset class="mode">
        <legend>Describe the agent with</legend>
        {(['form', 'yaml'] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name="agent-mode"
              checked={mode === m}
              onChange={() => {
                setMode(m);
                setErrors({});
              }}
            />{' '}
            {m === 'form' ? 'Form' : 'Paste YAML'}
          </label>
        ))}
      </fieldset>
      <NamespaceSelect
        id="agent-namespace"
        label="Team"
        namespaces={p.namespaces}
        value={fields.namespace}
        onChange={set('namespace')}
      />
      {mode === 'form' ? (
        <>
          {field('name', 'Name', { required: true, hint: 'Lowercase letters, digits and dashes.' })}
          {field('model', 'Model', { required: true, hint: 'e.g. gpt-4o' })}
          {field('description', 'Description')}
          {field('instructions', 'Instructions', { multiline: true })}
          {field('tools', 'Tools', { hint: 'Tool names, separated by commas.' })}
          {field('env', 'Environment', {
            multiline: true,
            hint: 'One NAME=value per line; NAME=secret:<secret>/<key> takes the value from a Secret.',
          })}
        </>
      ) : (
        <Field
          id="agent-yaml"
          label="Agent YAML"
          multiline
          value={yaml}
          onInput={setYaml}
          error={errors.yaml}
          hint="One Agent; its namespace defaults to the team chosen above."
        />
      )}
      <ErrorBanner error={error} />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create'}
        </button>{' '}
        <button type="button" onClick={p.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
