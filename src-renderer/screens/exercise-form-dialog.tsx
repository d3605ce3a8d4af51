import { useState, type FormEvent } from 'react';
import { errorMessage, isApiError } from '../api/client';
import { Modal } from '../components/dialog';
import { apiFieldErrors, zodFieldErrors, type FieldErrors } from '../lib/field-errors';
import { SCHEMAS_NOT_READY, useInputSchemas } from '../lib/load-input-schemas';

const LABELS = { name: 'Name', description: 'Description' };

export interface ExerciseFormValues {
  name: string;
  description: string | null;
}

interface Props {
  title: string;
  submitLabel: string;
  initial?: ExerciseFormValues;
  /** Saves; throws an ApiError for the form to show. */
  onSubmit(values: ExerciseFormValues): Promise<void>;
  onClose(): void;
}

/** Name and description of an exercise: for "New exercise" and for editing one. */
export function ExerciseFormDialog({ title, submitLabel, initial, onSubmit, onClose }: Props) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const schemas = useInputSchemas();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!schemas) {
      setFormError(SCHEMAS_NOT_READY);
      return;
    }
    const values = { name, description: description.trim() ? description.trim() : null };
    const parsed = schemas.ExercisesCreateInput.safeParse(values);
    if (!parsed.success) {
      const found = zodFieldErrors(parsed.error, LABELS);
      setErrors(found);
      document.getElementById(found.name ? 'exercise-name' : 'exercise-description')?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      await onSubmit({ name: parsed.data.name, description: parsed.data.description });
    } catch (error) {
      // A name already taken is the name field's problem.
      const fields = isApiError(error, 'conflict') ? { name: error.message } : apiFieldErrors(error, LABELS);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFormError(errorMessage(error));
      else document.getElementById(fields.name ? 'exercise-name' : 'exercise-description')?.focus();
      setBusy(false);
    }
  }

  return (
    <Modal title={title} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label className="field-label" htmlFor="exercise-name">
            Name
          </label>
          <input
            id="exercise-name"
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={140}
            placeholder="e.g. Backhand slice"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? 'exercise-name-error' : undefined}
            data-autofocus
          />
          {errors.name && (
            <p id="exercise-name-error" className="field-error">
              {errors.name}
            </p>
          )}
        </div>
        <div className="field">
          <label className="field-label" htmlFor="exercise-description">
            Description <span className="field-optional">(optional)</span>
          </label>
          <textarea
            id="exercise-description"
            className="input textarea"
            rows={4}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={10_000}
            placeholder="What to practise, what to look for"
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={errors.description ? 'exercise-description-error' : undefined}
          />
          {errors.description && (
            <p id="exercise-description-error" className="field-error">
              {errors.description}
            </p>
          )}
        </div>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
