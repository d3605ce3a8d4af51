import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SyncStatus } from '../../src-shared/contract/sync';
import type { User } from '../../src-shared/domain';
import { call, errorMessage, isApiError } from '../api/client';
import { ConfirmDialog } from '../components/dialog';
import { CopyIcon } from '../components/icons';
import { FormEnd, PasswordField, TextField } from '../components/form-fields';
import { Skeleton } from '../components/states';
import { credentialProblems, fieldErrors, type FieldErrors } from '../lib/field-errors';
import { useFormSubmit } from '../lib/use-form-submit';
import { ROLE_LABEL, relativeTime } from '../lib/format';
import { useProfileStore } from '../stores/profile-store';
import { useSettingsStore, type SettingsView } from '../stores/settings-store';
import { syncHeadline, useSyncStore, type JoinedCoach, type SyncInvite } from '../stores/sync-store';
import { useUiStore } from '../stores/ui-store';

type ProfileSettings = NonNullable<SettingsView['profile']>;

/**
 * Settings → Cloud. Not signed in: the cloud address, then create an account for this profile or sign
 * in to its existing one. Signed in: the account, Pause/Resume, Sync now, Sign out; a coach invites
 * students, a student joins a coach.
 */
export function CloudSettings({ profile }: { profile: ProfileSettings }) {
  const status = useSyncStore((s) => s.status);
  const loadError = useSyncStore((s) => s.loadError);
  const load = useSyncStore((s) => s.load);
  const user = useProfileStore((s) => s.current?.user ?? null);

  if (!status || !user) {
    return loadError ? (
      <div className="field">
        <p className="field-error" role="alert">
          {loadError}
        </p>
        <button type="button" className="button button-small cloud-retry" onClick={() => void load()}>
          Try again
        </button>
      </div>
    ) : (
      <div aria-busy="true" aria-label="Loading the cloud account">
        <Skeleton className="skeleton-line w-60" />
      </div>
    );
  }
  return status.state === 'off' ? <SignedOut profile={profile} user={user} /> : <SignedIn status={status} profile={profile} user={user} />;
}

// ------------------------------------------------------------------------------------------ signed out

function SignedOut({ profile, user }: { profile: ProfileSettings; user: User }) {
  const [url, setUrl] = useState(profile.cloudUrl ?? '');
  const [urlError, setUrlError] = useState<string | null>(null);
  const [mode, setMode] = useState<'register' | 'signIn'>('register');

  return (
    <>
      <CloudUrlField value={profile.cloudUrl} draft={url} onDraft={setUrl} error={urlError} onError={setUrlError} />
      <div className="cloud-account" data-testid="cloud-account-forms">
        <div className="cloud-tabs" role="group" aria-label="Cloud account">
          <button type="button" className="cloud-tab" aria-pressed={mode === 'register'} onClick={() => setMode('register')}>
            Create account
          </button>
          <button type="button" className="cloud-tab" aria-pressed={mode === 'signIn'} onClick={() => setMode('signIn')}>
            Sign in
          </button>
        </div>
        {mode === 'register' ? (
          <RegisterForm url={url} user={user} onUrlError={setUrlError} />
        ) : (
          <SignInForm url={url} user={user} onUrlError={setUrlError} />
        )}
      </div>
    </>
  );
}

/** The cloud address: saved when you leave the field or press Enter; empty means none. */
function CloudUrlField({
  value,
  draft,
  onDraft,
  error,
  onError,
}: {
  value: string | null;
  draft: string;
  onDraft(value: string): void;
  error: string | null;
  onError(error: string | null): void;
}) {
  const save = useSettingsStore((s) => s.save);
  const id = useId();

  async function commit() {
    const next = draft.trim() === '' ? null : draft.trim();
    if (next === value && !error) return;
    try {
      const saved = await save({ profile: { cloudUrl: next } });
      onError(null);
      onDraft(saved.profile?.cloudUrl ?? '');
    } catch (e) {
      const issue = isApiError(e) ? e.issues.find((i) => i.path.endsWith('cloudUrl')) : undefined;
      onError(issue ? urlSentence(issue.message) : errorMessage(e));
    }
  }

  return (
    <div className="field">
      <label className="field-label" htmlFor={`${id}-url`}>
        Cloud address <span className="field-optional">(optional)</span>
      </label>
      <input
        id={`${id}-url`}
        className="input settings-url"
        type="url"
        inputMode="url"
        placeholder="https://cloud.example.com"
        value={draft}
        spellCheck={false}
        autoComplete="off"
        maxLength={500}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-url-note`}
        onChange={(e) => onDraft(e.target.value)}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void commit();
          }
        }}
      />
      {error ? (
        <p id={`${id}-url-note`} className="field-error" role="alert" data-testid="cloud-url-error">
          {error}
        </p>
      ) : (
        <span id={`${id}-url-note`} className="field-hint">
          Where this profile syncs. Leave it empty to keep everything on this computer.
        </span>
      )}
    </div>
  );
}

/** "must be a web address" → "The cloud address must be a web address." */
function urlSentence(message: string): string {
  const text = /^[a-z]/.test(message) ? `The cloud address ${message}` : message;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

const LABELS = { username: 'Username', password: 'Password', confirm: 'Password' };

/**
 * What a failed sign-in or registration means for the form: a bad address goes to the address
 * field, other field problems to their fields, the rest (wrong password, offline, someone else's
 * account) is said above the button in the core's own words.
 */
function formFailure(error: unknown, onUrlError: (message: string | null) => void): { fields: FieldErrors; form: string | null } {
  if (isApiError(error, 'bad-input') && error.issues.length > 0) {
    const url = error.issues.find((i) => i.path.startsWith('cloudUrl'));
    onUrlError(url ? urlSentence(url.message) : null);
    const fields = fieldErrors(
      error.issues.filter((i) => !i.path.startsWith('cloudUrl')),
      LABELS,
    );
    return { fields, form: url && Object.keys(fields).length === 0 ? 'Check the cloud address above.' : null };
  }
  return { fields: {}, form: errorMessage(error) };
}

/** Before sending: an address is needed; the channel checks the rest. */
function needsUrl(url: string, onUrlError: (message: string | null) => void): boolean {
  if (url.trim() !== '') return false;
  onUrlError('Enter the cloud address first: your coach or club gives it to you.');
  return true;
}

function RegisterForm({ url, user, onUrlError }: { url: string; user: User; onUrlError(message: string | null): void }) {
  const register = useSyncStore((s) => s.register);
  const loadSettings = useSettingsStore((s) => s.load);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { errors, formError, busy, submit } = useFormSubmit();
  const id = useId();

  const onSubmit = (event: FormEvent) =>
    submit(event, {
      check: () => {
        if (needsUrl(url, onUrlError)) return null;
        if (password.length < 8) return { password: 'Password must be at least 8 characters.' };
        if (confirm !== password) return { confirm: 'The two passwords are not the same.' };
        return {};
      },
      send: async () => {
        await register({ cloudUrl: url.trim(), password });
        onUrlError(null);
        void loadSettings();
      },
      failed: (e) => formFailure(e, onUrlError),
      focus: (found) => document.getElementById(found.password ? `${id}-password` : `${id}-confirm`)?.focus(),
    });

  return (
    <form className="form cloud-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Create a cloud account">
      <p className="settings-quiet">
        Your account is this profile: <strong className="cloud-who">@{user.username}</strong> — {user.displayName}, {ROLE_LABEL[user.role]}. Others find you by
        this name.
      </p>
      <PasswordField
        id={`${id}-password`}
        label="Password"
        autoComplete="new-password"
        value={password}
        onValue={setPassword}
        error={errors.password}
        hint="At least 8 characters."
      />
      <PasswordField
        id={`${id}-confirm`}
        label="Confirm password"
        autoComplete="new-password"
        value={confirm}
        onValue={setConfirm}
        error={errors.confirm}
      />
      <FormEnd error={formError} errorTestId="cloud-form-error" busy={busy} label="Create account" busyLabel="Creating account…" className="cloud-form-actions" />
    </form>
  );
}

function SignInForm({ url, user, onUrlError }: { url: string; user: User; onUrlError(message: string | null): void }) {
  const signIn = useSyncStore((s) => s.signIn);
  const loadSettings = useSettingsStore((s) => s.load);
  const [username, setUsername] = useState(user.username);
  const [password, setPassword] = useState('');
  const { errors, formError, busy, submit } = useFormSubmit();
  const id = useId();

  const onSubmit = (event: FormEvent) =>
    submit(event, {
      check: () => (needsUrl(url, onUrlError) ? null : credentialProblems(username, password)),
      send: async () => {
        await signIn({ cloudUrl: url.trim(), username: username.trim(), password });
        onUrlError(null);
        void loadSettings();
      },
      failed: (e) => formFailure(e, onUrlError),
    });

  return (
    <form className="form cloud-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Sign in to your cloud account">
      <p className="settings-quiet">Already have an account for this profile (made on another computer)? Sign in to it.</p>
      <TextField id={`${id}-user`} label="Username" autoComplete="username" spellCheck={false} value={username} onValue={setUsername} error={errors.username} maxLength={150} />
      <PasswordField
        id={`${id}-password`}
        label="Password"
        autoComplete="current-password"
        value={password}
        onValue={setPassword}
        error={errors.password}
      />
      <FormEnd error={formError} errorTestId="cloud-form-error" busy={busy} label="Sign in" busyLabel="Signing in…" className="cloud-form-actions" />
    </form>
  );
}

// ------------------------------------------------------------------------------------------- signed in

function SignedIn({ status, profile, user }: { status: SyncStatus; profile: ProfileSettings; user: User }) {
  const syncNow = useSyncStore((s) => s.syncNow);
  const pause = useSyncStore((s) => s.pause);
  const resume = useSyncStore((s) => s.resume);
  const now = useUiStore((s) => s.now);
  const navigate = useUiStore((s) => s.navigate);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [signingOut, setSigningOut] = useState(false);
  const paused = status.state === 'paused';
  const { title } = syncHeadline(status, now, (iso) => relativeTime(iso, now));

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="cloud-card" data-testid="cloud-signed-in">
        <dl className="details">
          <div className="details-row">
            <dt>Signed in as</dt>
            <dd className="cloud-who" data-testid="cloud-username">
              @{status.account?.username ?? user.username}
            </dd>
          </div>
          <div className="details-row">
            <dt>Cloud</dt>
            <dd data-testid="cloud-address">{status.account?.cloudUrl ?? profile.cloudUrl ?? '—'}</dd>
          </div>
          <div className="details-row">
            <dt>Sync</dt>
            <dd>
              <button type="button" className="link-button cloud-state" onClick={() => navigate({ name: 'sync' })} title="Open the sync panel">
                {title}
              </button>
            </dd>
          </div>
        </dl>
        <div className="settings-row">
          <button type="button" className="button" onClick={() => void run(paused ? resume : pause)} disabled={busy}>
            {paused ? 'Resume sync' : 'Pause sync'}
          </button>
          <button type="button" className="button" onClick={() => void run(syncNow)} disabled={busy || paused || status.state === 'syncing'}>
            Sync now
          </button>
          <button type="button" className="button button-danger-quiet cloud-sign-out" onClick={() => setSigningOut(true)}>
            Sign out
          </button>
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {user.role === 'coach' ? <InviteStudent /> : <JoinCoach />}
      {signingOut && <SignOutDialog pending={status.pending} onClose={() => setSigningOut(false)} />}
    </>
  );
}

function SignOutDialog({ pending, onClose }: { pending: number; onClose(): void }) {
  const signOut = useSyncStore((s) => s.signOut);
  const loadSettings = useSettingsStore((s) => s.load);
  const toast = useUiStore((s) => s.toast);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await signOut();
      void loadSettings();
      toast('Signed out. Your work stays on this computer.');
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <ConfirmDialog
      title="Sign out of the cloud?"
      description={
        pending > 0
          ? `${pending === 1 ? 'One change' : `${pending} changes`} here ${pending === 1 ? 'is' : 'are'} not in the cloud yet; ${pending === 1 ? 'it stays' : 'they stay'} on this computer and sync when you sign in again.`
          : 'This profile and its work stay on this computer. Nothing syncs until you sign in again.'
      }
      confirmLabel="Sign out"
      busyLabel="Signing out…"
      busy={busy}
      error={error}
      onConfirm={() => void confirm()}
      onClose={onClose}
    />
  );
}

/** A coach's code for a student to join their roster, large, with Copy and its expiry. */
function InviteStudent() {
  const createInvite = useSyncStore((s) => s.createInvite);
  const toast = useUiStore((s) => s.toast);
  const [invite, setInvite] = useState<SyncInvite | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copyFailed, setCopyFailed] = useState(false);
  const id = useId();

  async function make() {
    setBusy(true);
    setError(null);
    try {
      setInvite(await createInvite());
      setCopyFailed(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function copy(code: string) {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(code);
      toast('Invite code copied.');
    } catch {
      setCopyFailed(true);
      const text = document.getElementById(`${id}-code`);
      if (text) window.getSelection()?.selectAllChildren(text);
    }
  }

  return (
    <div className="field cloud-invite" role="group" aria-labelledby={`${id}-title`}>
      <span id={`${id}-title`} className="field-label">
        Invite a student
      </span>
      <span className="field-hint">A student enters this code in their Settings to join your roster. Each code works once.</span>
      {invite && (
        <div className="invite" data-testid="invite">
          <output id={`${id}-code`} className="invite-code" aria-label={`Invite code ${invite.code.split('').join(' ')}`} data-testid="invite-code">
            {invite.code}
          </output>
          <button type="button" className="button" aria-label="Copy invite code" onClick={() => void copy(invite.code)}>
            <CopyIcon width={16} height={16} />
            Copy
          </button>
          <span className="invite-expiry" data-testid="invite-expiry">
            {expiryWords(invite.expiresAt)}
          </span>
        </div>
      )}
      {copyFailed && <span className="field-hint">Copying isn’t available here. The code is selected: copy it yourself.</span>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="settings-row">
        <button type="button" className={invite ? 'button' : 'button button-primary'} onClick={() => void make()} disabled={busy}>
          {busy ? 'Making a code…' : invite ? 'Make another code' : 'Invite a student'}
        </button>
      </div>
    </div>
  );
}

/** "Expires Tue, 25 Nov, 14:05". */
function expiryWords(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `Expires ${date.toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}`;
}

/** A student joins a coach with the coach's code; their coaches are listed. */
function JoinCoach() {
  const joinRoster = useSyncStore((s) => s.joinRoster);
  const [code, setCode] = useState('');
  const [joined, setJoined] = useState<JoinedCoach | null>(null);
  const [coaches, setCoaches] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    let live = true;
    call('roster.list', {})
      .then((list) => live && setCoaches(list.map((r) => r.user).filter((u) => u.role === 'coach')))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [joined]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const clean = code.trim().toUpperCase();
    if (!/^[A-Z0-9]{4}-?[A-Z0-9]{4}$/.test(clean)) {
      setError('The code looks like ABCD-1234: ask your coach for it.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const coach = await joinRoster(clean.includes('-') ? clean : `${clean.slice(0, 4)}-${clean.slice(4)}`);
      setJoined(coach);
      setCode('');
    } catch (e) {
      setError(isApiError(e, 'bad-input') ? 'That code isn’t right. Check it with your coach.' : errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const others = coaches.filter((c) => c.id !== joined?.id);
  return (
    <form className="field cloud-join" onSubmit={submit} noValidate>
      <label className="field-label" htmlFor={`${id}-code`}>
        Join a coach
      </label>
      {joined && (
        <p className="cloud-joined" role="status" data-testid="joined-coach">
          You joined <strong>{joined.displayName}</strong>’s roster. Their exercises arrive with the next sync.
        </p>
      )}
      {others.length > 0 && (
        <p className="settings-quiet" data-testid="my-coaches">
          Your {others.length === 1 ? 'coach' : 'coaches'}: {others.map((c) => c.displayName).join(', ')}
        </p>
      )}
      <div className="settings-row">
        <input
          id={`${id}-code`}
          className="input invite-input"
          value={code}
          placeholder="ABCD-1234"
          autoComplete="off"
          spellCheck={false}
          maxLength={9}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-note`}
          onChange={(e) => setCode(e.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Joining…' : 'Join'}
        </button>
      </div>
      {error ? (
        <p id={`${id}-note`} className="field-error" role="alert">
          {error}
        </p>
      ) : (
        <span id={`${id}-note`} className="field-hint">
          The code your coach gave you.
        </span>
      )}
    </form>
  );
}
