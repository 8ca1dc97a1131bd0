/** A labelled form control with its error beside it (announced, and tied by aria-describedby). */
import { cloneElement, type JSX, type VNode } from 'preact';

export interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly error: string | undefined;
  readonly children: VNode<{ id?: string }>;
}

export function Field({ id, label, error, children }: FieldProps): JSX.Element {
  const errorId = `${id}-error`;
  const control = cloneElement(children, {
    id,
    ...(error !== undefined ? { 'aria-invalid': 'true', 'aria-describedby': errorId } : {}),
  });
  return (
    <div class="member-field">
      <label for={id}>{label}</label>
      {control}
      {error !== undefined && (
        <p id={errorId} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
