import { useId, useState, type FormEvent } from 'react';
import type { Role } from '../../src-shared/primitives';
import { errorMessage } from '../api/client';
import { FormEnd, TextField } from '../components/form-fields';
import { apiFieldErrors, zodFieldErrors, type FieldErrors } from '../lib/field-errors';
import { SCHEMAS_NOT_READY, useInputSchemas } from '../lib/load-input-schemas';
import { useProfileStore } from '../stores/profile-store';

const LABELS = { displayName: 'Display name', username: 'Username', role: 'Role' };

const ROLES: { role: Role; title: string; hint: string }[] = [
  { role: 'coach', title: 'Coach', hint: 'I set exercises and review attempts' },
  { role: 'student', title: 'Student', hint: 'I practise, submit attempts and read feedback' },
];

/** Display name, username, role → profiles.create; the new profile opens. */
export function ProfileForm({ submitLabel, onCreated, onCancel }: { submitLabel: string; onCreated?: () => void; onCancel?: () => void }) {
  const create = useProfileStore((s) => s.create);
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [usernameTouched, setUsernameTouched] = useState(false);
  const [role, setRole] = useState<Role | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const schemas = useInputSchemas();
  const id = useId();

  /** Until the person edits it, the username follows the display name. */
  function onDisplayName(value: string) {
    setDisplayName(value);
    if (!usernameTouched) setUsername(suggestUsername(value));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!schemas) {
      setFormError(SCHEMAS_NOT_READY);
      return;
    }
    const parsed = schemas.ProfilesCreateInput.safeParse({ displayName, username, role: role ?? undefined });
    if (!parsed.success) {
      const found = zodFieldErrors(parsed.error, LABELS);
      if (!role) found.role = 'Choose whether you coach or study.';
      setErrors(found);
      setFormError(null);
      focusFirstInvalid(found);
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      await create(parsed.data);
      onCreated?.();
    } catch (error) {
      const fields = apiFieldErrors(error, LABELS);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFormError(errorMessage(error));
      else focusFirstInvalid(fields);
      setBusy(false);
    }
  }

  /** Takes the person to the first field that needs them. */
  function focusFirstInvalid(found: FieldErrors) {
    const target = found.displayName ? `${id}-name` : found.username ? `${id}-user` : found.role ? `${id}-role-first` : null;
    if (target) document.getElementById(target)?.focus();
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Create your profile">
      <TextField
        id={`${id}-name`}
        label="Display name"
        value={displayName}
        onValue={onDisplayName}
        error={errors.displayName}
        hint="How coaches and students see you."
        autoComplete="name"
        maxLength={80}
        data-autofocus
      />
      <TextField
        id={`${id}-user`}
        label="Username"
        value={username}
        onValue={(value) => {
          setUsernameTouched(true);
          setUsername(value);
        }}
        error={errors.username}
        hint="Letters, digits, dot, dash and underscore."
        autoComplete="username"
        spellCheck={false}
        maxLength={40}
      />
      <fieldset className="field role-field" aria-describedby={errors.role ? `${id}-role-note` : undefined}>
        <legend className="field-label">I am a…</legend>
        <div className="role-options">
          {ROLES.map((r) => (
            <label key={r.role} className={role === r.role ? 'role-option is-selected' : 'role-option'}>
              <input
                type="radio"
                id={r.role === 'coach' ? `${id}-role-first` : undefined}
                name={`${id}-role`}
                value={r.role}
                checked={role === r.role}
                onChange={() => setRole(r.role)}
              />
              <span className="role-option-title">{r.title}</span>
              <span className="role-option-hint">{r.hint}</span>
            </label>
          ))}
        </div>
        {errors.role && (
          <p id={`${id}-role-note`} className="field-error">
            {errors.role}
          </p>
        )}
      </fieldset>
      <FormEnd error={formError} busy={busy} label={submitLabel} busyLabel="Creating…" onCancel={onCancel} />
    </form>
  );
}

/** "Anna Müller" → "anna.muller". */
export function suggestUsername(displayName: string): string {
  return displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, '.')
    .replace(/[^a-z0-9._-]/g, '')
    .slice(0, 40);
}
