import type { InputHTMLAttributes, ReactNode } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'aria-invalid' | 'aria-describedby' | 'className'>;

/**
 * One labelled text input with its note under it: the error when there is one (the input marked
 * invalid and described by it), else the hint, else nothing. The note's id is `<id>-note`, so a form
 * can focus the field by `id` and tests can find the words by label.
 */
export function TextField({
  id,
  label,
  value,
  onValue,
  error,
  hint,
  inputClassName,
  ...input
}: InputProps & {
  id: string;
  label: ReactNode;
  value: string;
  onValue(value: string): void;
  error?: string | null | undefined;
  hint?: ReactNode;
  inputClassName?: string;
}) {
  const note = error ?? hint ?? null;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className={inputClassName ? `input ${inputClassName}` : 'input'}
        value={value}
        onChange={(e) => onValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={note !== null ? `${id}-note` : undefined}
        {...input}
      />
      {note !== null && (
        <p id={`${id}-note`} className={error ? 'field-error' : 'field-hint'}>
          {note}
        </p>
      )}
    </div>
  );
}

/** A password: typed hidden, as long as the cloud accepts (200), filled by the browser's own manager. */
export function PasswordField(props: Omit<Parameters<typeof TextField>[0], 'type' | 'maxLength' | 'autoComplete'> & { autoComplete: 'current-password' | 'new-password' }) {
  return <TextField {...props} type="password" maxLength={200} />;
}

/** A form's end: what went wrong with the whole request (in the core's words), then Cancel and submit. */
export function FormEnd({
  error,
  errorTestId,
  busy,
  label,
  busyLabel,
  onCancel,
  className,
}: {
  error: string | null;
  errorTestId?: string;
  busy: boolean;
  label: string;
  busyLabel: string;
  onCancel?: (() => void) | undefined;
  className?: string;
}) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert" data-testid={errorTestId}>
          {error}
        </p>
      )}
      <div className={className ? `form-actions ${className}` : 'form-actions'}>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? busyLabel : label}
        </button>
      </div>
    </>
  );
}
