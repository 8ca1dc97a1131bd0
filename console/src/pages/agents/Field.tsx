/** A text input, password input or textarea in the shared Field (label, hint, error beside it). */
import type { JSX } from 'preact';
import { Field as LabelledField } from '../../components/Field';

export interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly multiline?: boolean;
  readonly type?: 'text' | 'password';
  readonly required?: boolean;
  readonly autoComplete?: string;
}

export function Field(p: FieldProps): JSX.Element {
  const common = {
    value: p.value,
    required: p.required,
    onInput: (e: Event) => {
      p.onInput((e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value);
    },
  };
  return (
    <LabelledField
      id={p.id}
      label={p.label}
      error={p.error}
      {...(p.hint !== undefined ? { hint: p.hint } : {})}
    >
      {p.multiline === true ? (
        <textarea {...common} rows={p.id.endsWith('yaml') ? 12 : 3} spellcheck={false} />
      ) : p.type === 'password' ? (
        <input {...common} type="password" autoComplete={p.autoComplete ?? 'off'} />
      ) : (
        <input {...common} type="text" autoComplete={p.autoComplete ?? 'off'} />
      )}
    </LabelledField>
  );
}
