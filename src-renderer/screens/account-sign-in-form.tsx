import { useId, useState, type FormEvent } from 'react';
import { errorMessage, isApiError } from '../api/client';
import { FormEnd, PasswordField, TextField } from '../components/form-fields';
import { credentialProblems, fieldErrors } from '../lib/field-errors';
import { useFormSubmit } from '../lib/use-form-submit';
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
  const { errors, formError, busy, submit } = useFormSubmit();
  const id = useId();

  const onSubmit = (event: FormEvent) =>
    submit(event, {
      check: () => ({
        ...(cloudUrl.trim() === '' ? { cloudUrl: 'Enter the cloud address: your coach or club gives it to you.' } : {}),
        ...credentialProblems(username, password),
      }),
      send: async () => {
        await signIn({ cloudUrl: cloudUrl.trim(), username: username.trim(), password });
        onDone?.();
      },
      failed: (e) => {
        const fields = isApiError(e, 'bad-input') ? fieldErrors(e.issues, LABELS) : {};
        return { fields, form: Object.keys(fields).length === 0 ? errorMessage(e) : null };
      },
      focus: (found) => {
        const target = found.cloudUrl ? 'url' : found.username ? 'user' : found.password ? 'password' : null;
        if (target) document.getElementById(`${id}-${target}`)?.focus();
      },
    });

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Sign in to an existing account">
      <TextField
        id={`${id}-url`}
        label="Cloud address"
        type="url"
        inputMode="url"
        placeholder="https://cloud.example.com"
        value={cloudUrl}
        onValue={setCloudUrl}
        error={errors.cloudUrl}
        hint="Where your account lives."
        spellCheck={false}
        autoComplete="url"
        maxLength={500}
        data-autofocus
      />
      <TextField id={`${id}-user`} label="Username" value={username} onValue={setUsername} error={errors.username} autoComplete="username" spellCheck={false} maxLength={150} />
      <PasswordField
        id={`${id}-password`}
        label="Password"
        value={password}
        onValue={setPassword}
        error={errors.password}
        autoComplete="current-password"
      />
      <FormEnd error={formError} errorTestId="account-sign-in-error" busy={busy} label="Sign in" busyLabel="Signing in…" onCancel={onCancel} />
    </form>
  );
}
