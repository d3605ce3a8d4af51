import { useEffect, useId, useState, type ReactNode } from 'react';
import { call, errorMessage } from '../api/client';
import { ErrorState, Skeleton } from '../components/states';
import { CloudSettings } from './settings-cloud';
import { useSettingsStore, type SettingsPatch, type SettingsView } from '../stores/settings-store';
import { useUiStore } from '../stores/ui-store';

type AppSettings = SettingsView['app'];

const LAYOUTS: { value: AppSettings['defaultComparisonLayout']; label: string }[] = [
  { value: 'side-by-side', label: 'Side by side' },
  { value: 'stacked', label: 'Stacked' },
  { value: 'overlay', label: 'Overlay' },
  { value: 'wipe', label: 'Wipe' },
];

const QUALITIES: { value: AppSettings['proxyQuality']; label: string }[] = [
  { value: '540p', label: '540p — smaller files' },
  { value: '720p', label: '720p — sharper' },
];

/** Cloud, storage, playback and help; every change is saved as it is made. */
export function SettingsScreen() {
  const status = useSettingsStore((s) => s.status);
  const error = useSettingsStore((s) => s.error);
  const view = useSettingsStore((s) => s.view);
  const load = useSettingsStore((s) => s.load);
  const clearNote = useSettingsStore((s) => s.clearNote);

  useEffect(() => {
    clearNote();
    void load();
  }, [load, clearNote]);

  return (
    <main className="screen" tabIndex={-1} aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title" className="screen-title">
          Settings
        </h1>
        <SaveNote />
      </header>
      <div className="screen-body settings">
        {status === 'error' && !view ? (
          <ErrorState title="Settings didn’t load" message={error ?? ''} onRetry={() => void load()} />
        ) : !view ? (
          <div aria-busy="true" aria-label="Loading settings">
            <Skeleton className="skeleton-line w-60" />
          </div>
        ) : (
          <SettingsSections view={view} />
        )}
      </div>
    </main>
  );
}

/** "Saving…", "Saved", or why a change was not kept. */
function SaveNote() {
  const pending = useSettingsStore((s) => s.pending);
  const saved = useSettingsStore((s) => s.saved);
  const saveError = useSettingsStore((s) => s.saveError);
  return (
    <span className={saveError ? 'settings-note is-error' : 'settings-note'} role="status" aria-live="polite" data-testid="settings-save-state">
      {pending > 0 ? 'Saving…' : saveError ? `Not saved: ${saveError}` : saved ? 'Saved' : ''}
    </span>
  );
}

function SettingsSections({ view }: { view: SettingsView }) {
  const save = useSettingsStore((s) => s.save);
  /** Saves a change; a failure shows in the header note (and in the field, where there is one). */
  const change = (patch: SettingsPatch) => void save(patch).catch(() => undefined);
  const id = useId();

  return (
    <>
      <Section title="Cloud">
        {view.profile ? <CloudSettings profile={view.profile} /> : <p className="settings-quiet">Open a profile to choose where it syncs.</p>}
      </Section>

      <Section title="Storage">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-data`}>
            Data folder
          </label>
          <input id={`${id}-data`} className="input settings-path" value={view.dataDir} readOnly spellCheck={false} data-testid="settings-data-dir" />
          <span className="field-hint">Moving it is done from the desktop app.</span>
        </div>
        <div className="field">
          <span className="field-label">Cloud sign-in secrets</span>
          <span className="settings-value" data-testid="settings-secrets">
            {view.secretsProtection === 'os-keychain' ? 'Kept in your system keychain.' : 'Kept in a file only you can read (developer web host).'}
          </span>
        </div>
      </Section>

      <Section title="Playback">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-layout`}>
            Default comparison layout
          </label>
          <select
            id={`${id}-layout`}
            className="input select"
            value={view.app.defaultComparisonLayout}
            onChange={(e) => change({ app: { defaultComparisonLayout: e.target.value as AppSettings['defaultComparisonLayout'] } })}
          >
            {LAYOUTS.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
          <span className="field-hint">How two videos open when you compare them.</span>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-quality`}>
            Proxy quality
          </label>
          <select
            id={`${id}-quality`}
            className="input select"
            value={view.app.proxyQuality}
            onChange={(e) => change({ app: { proxyQuality: e.target.value as AppSettings['proxyQuality'] } })}
          >
            {QUALITIES.map((q) => (
              <option key={q.value} value={q.value}>
                {q.label}
              </option>
            ))}
          </select>
          <span className="field-hint">The light copy made for smooth playback. Videos imported from now on use it.</span>
        </div>
      </Section>

      <Section title="Help">
        <Diagnostics />
      </Section>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="settings-section" aria-labelledby={id}>
      <h2 id={id} className="settings-section-title">
        {title}
      </h2>
      <div className="settings-section-body">{children}</div>
    </section>
  );
}

/** Copies a redacted bug report; where the clipboard is out of reach, shows it to copy by hand. */
function Diagnostics() {
  const toast = useUiStore((s) => s.toast);
  const [busy, setBusy] = useState(false);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  async function copy() {
    setBusy(true);
    setError(null);
    let report: string;
    try {
      report = (await call('app.diagnostics', {})).text;
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
      return;
    }
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(report);
      setText(null);
      toast('Diagnostics copied. Paste them into your bug report.');
    } catch {
      setText(report);
    }
    setBusy(false);
  }

  return (
    <div className="field">
      <div className="settings-row">
        <button type="button" className="button" onClick={() => void copy()} disabled={busy}>
          {busy ? 'Gathering…' : 'Copy diagnostics'}
        </button>
        <span className="field-hint">Versions, settings and recent log lines — no passwords, e-mail addresses or home folders.</span>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {text !== null && (
        <>
          <label className="field-label" htmlFor={`${id}-text`}>
            Copying isn’t available here. Select the text below and copy it yourself.
          </label>
          <textarea id={`${id}-text`} className="input textarea settings-diagnostics" value={text} readOnly rows={10} data-testid="diagnostics-text" />
        </>
      )}
    </div>
  );
}
