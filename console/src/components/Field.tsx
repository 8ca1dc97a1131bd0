/**
 * A labelled form control with an optional hint and its error beside it: the control (the one
 * child) is given `id`, and aria-invalid and aria-describedby (hint, error) as they apply, so the
 * error is announced with the control.
 */
import { cloneElement, type JSX, type VNode } from 'preact';

export interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly error: string | undefined;
  readonly hint?: string;
  readonly children: VNode<{ id?: string }>;
}

export function Field({ id, label, error, hint, children }: FieldProps): JSX.Element {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint !== undefined ? hintId : '', error !== undefined ? errorId : '']
    .filter((s) => s !== '')
    .join(' ');
  const control = cloneElement(children, {
    id,
    ...(error !== undefined ? { 'aria-invalid': 'true' } : {}),
    ...(describedBy !== '' ? { 'aria-describedby': describedBy } : {}),
  });
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {control}
      {hint !== undefined && (
        <span id={hintId} class="hint">
          {hint}
        </span>
      )}
      {error !== undefined && (
        <p id={errorId} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
