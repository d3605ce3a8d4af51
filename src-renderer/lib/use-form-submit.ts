import { useState, type FormEvent } from 'react';
import type { FieldErrors } from './field-errors';

export interface FormSubmit {
  /** Checks what can be checked here: field problems (empty when none), or null when the form already said why it stops. */
  check(): FieldErrors | null;
  send(): Promise<void>;
  /** What a refused request means for the fields and for the form as a whole. */
  failed(error: unknown): { fields: FieldErrors; form: string | null };
  /** Takes the person to the first field that needs them. */
  focus?(fields: FieldErrors): void;
}

/**
 * The life of a form that sends one request: its field errors, its whole-form error and whether it is
 * busy. A second submit while one is under way does nothing; after success the form stays busy (it
 * is usually replaced by what comes next).
 */
export function useFormSubmit() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent, form: FormSubmit): Promise<void> {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const found = form.check();
    if (found === null) return;
    setErrors(found);
    if (Object.keys(found).length > 0) {
      form.focus?.(found);
      return;
    }
    setBusy(true);
    try {
      await form.send();
    } catch (error) {
      const failure = form.failed(error);
      setErrors(failure.fields);
      setFormError(failure.form);
      if (Object.keys(failure.fields).length > 0) form.focus?.(failure.fields);
      setBusy(false);
    }
  }

  return { errors, formError, busy, submit };
}
