/** A labelled form field with its server error beside it (aria-invalid, aria-describedby). */
import type { ComponentChildren, JSX } from 'preact';

export function Field({
  id,
  label,
  error,
  children,
}: {
  readonly id: string;
  readonly label: string;
  readonly error: string | undefined;
  /** the control, given `id` and, when error, aria-describedby `${id}-error` */
  readonly children: ComponentChildren;
}): JSX.Element {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {error !== undefined && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The aria attributes a control inside Field takes. */
export const invalidProps = (
  id: string,
  error: string | undefined,
): { 'aria-invalid'?: true; 'aria-describedby'?: string } =>
  error === undefined ? {} : { 'aria-invalid': true, 'aria-describedby': `${id}-error` };
