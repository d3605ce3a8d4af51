import { useId, useState, type FormEvent } from 'react';
import { errorMessage, isApiError } from '../api/client';
import { fieldErrors, type FieldErrors } from '../lib/field-errors';
import { useProfileStore } from '../stores/profile-store';

const LABELS = { cloudUrl: 'The cloud address', username: 'Username', password: 'Password' };

/**
 * A new computer for an existing account: cloud address, username, password → a profile made from
 * the account (its name and role), opened, and filled by sync.
 */
export function AccountSignInForm({ onDone, onCancel }: { onDone?: () => void; onCancel?: () => void }) {
  const signIn = useProfileStore((s) => s.signInNewProfile);
  const [cloudUrl, setCloudUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (cloudUrl.trim() === '') found.cloudUrl = 'Enter the cloud address: your coach or club gives it to you.';
    if (username.trim() === '') found.username = 'Enter your username.';
    if (password === '') found.password = 'Enter your password.';
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) {
      focusFirst(found);
      return;
    }
    setBusy(true);
    try {
      await signIn({ cloudUrl: cloudUrl.trim(), username: username.trim(), password });
      onDone?.();
    } catch (e) {
      const fields = isApiError(e, 'bad-input') ? fieldErrors(e.issues, LABELS) : {};
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFormError(errorMessage(e));
      else focusFirst(fields);
      setBusy(false);
    }
  }

  function focusFirst(found: FieldErrors) {
    const target = found.cloudUrl ? 'url' : found.username ? 'user' : found.password ? 'password' : null;
    if (target) document.getElementById(`${id}-${target}`)?.focus();
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Sign in to an existing account">
      <div className="field">
        <label className="field-label" htmlFor={`${id}-url`}>
          Cloud address
        </label>
        <input
          id={`${id}-url`}
          className="input"
          type="url"
          inputMode="url"
          placeholder="https://cloud.example.com"
          value={cloudUrl}
          spellCheck={false}
          autoComplete="url"
          maxLength={500}
          aria-invalid={errors.cloudUrl ? true : undefined}
          aria-describedby={`${id}-url-note`}
          onChange={(e) => setCloudUrl(e.target.value)}
          data-autofocus
        />
        <p id={`${id}-url-note`} className={errors.cloudUrl ? 'field-error' : 'field-hint'}>
          {errors.cloudUrl ?? 'Where your account lives.'}
        </p>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-user`}>
          Username
        </label>
        <input
          id={`${id}-user`}
          className="input"
          value={username}
          autoComplete="username"
          spellCheck={false}
          maxLength={150}
          aria-invalid={errors.username ? true : undefined}
          aria-describedby={errors.username ? `${id}-user-note` : undefined}
          onChange={(e) => setUsername(e.target.value)}
        />
        {errors.username && (
          <p id={`${id}-user-note`} className="field-error">
            {errors.username}
          </p>
        )}
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-password`}>
          Password
        </label>
        <input
          id={`${id}-password`}
          className="input"
          type="password"
          value={password}
          autoComplete="current-password"
          maxLength={200}
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? `${id}-password-note` : undefined}
          onChange={(e) => setPassword(e.target.value)}
        />
        {errors.password && (
          <p id={`${id}-password-note`} className="field-error">
            {errors.password}
          </p>
        )}
      </div>
      {formError && (
        <p className="form-error" role="alert" data-testid="account-sign-in-error">
          {formError}
        </p>
      )}
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}
