/** A labelled input or textarea with its error beside it (aria-describedby, aria-invalid). */
import type { JSX } from 'preact';

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
  const errorId = `${p.id}-error`;
  const hintId = `${p.id}-hint`;
  const describedBy = [p.hint !== undefined ? hintId : '', p.error !== undefined ? errorId : '']
    .filter((s) => s !== '')
    .join(' ');
  const common = {
    id: p.id,
    value: p.value,
    required: p.required,
    'aria-invalid': p.error !== undefined ? true : undefined,
    'aria-describedby': describedBy === '' ? undefined : describedBy,
    onInput: (e: Event) => {
      p.onInput((e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value);
    },
  };
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      {p.multiline === true ? (
        <textarea {...common} rows={p.id.endsWith('yaml') ? 12 : 3} spellcheck={false} />
      ) : p.type === 'password' ? (
        <input {...common} type="password" autoComplete={p.autoComplete ?? 'off'} />
      ) : (
        <input {...common} type="text" autoComplete={p.autoComplete ?? 'off'} />
      )}
      {p.hint !== undefined && (
        <span id={hintId} class="hint">
          {p.hint}
        </span>
      )}
      {p.error !== undefined && (
        <span id={errorId} class="field-error">
          {p.error}
        </span>
      )}
    </div>
  );
}
