import { useId, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { errorMessage } from '../api/client';

export const SEND_KEYS = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘ Enter' : 'Ctrl+Enter';

interface Props {
  /** The form's name for screen readers. */
  label: string;
  /** The text field's name. */
  textLabel: string;
  placeholder: string;
  rows: number;
  /** The text being written: the screen holds it, so that leaving can ask before it is lost. */
  text: string;
  onText(text: string): void;
  /** Saves the comment (its text trimmed); what it throws is shown under the text, which stays. */
  onSend(text: string): Promise<void>;
  /** Why the comment can't be sent as it is, asked before sending. */
  blocked?(): string | null;
  onFocus?(): void;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  /** Above the text: what the comment is pinned to. */
  pin?: ReactNode;
  /** Beside the send button: choices about the comment. */
  options?: ReactNode;
  /** What goes with the comment and who will see it. */
  about?: ReactNode;
  className?: string;
  testId?: string;
}

/** Write a comment; Ctrl/⌘+Enter sends it. Each screen adds what the comment is pinned to and who sees it. */
export function FeedbackComposer({ label, textLabel, placeholder, rows, text, onText, onSend, blocked, onFocus, textareaRef, pin, options, about, className = '', testId }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const textId = useId();
  const aboutId = useId();

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    const body = text.trim();
    const problem = body ? (blocked?.() ?? null) : 'Write something first.';
    if (problem) {
      setError(problem);
      if (!body) textareaRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSend(body);
      onText('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={`composer ${className}`} onSubmit={submit} aria-label={label} data-testid={testId}>
      {pin}
      <label htmlFor={textId} className="visually-hidden">
        {textLabel}
      </label>
      <textarea
        id={textId}
        ref={textareaRef}
        className="input textarea composer-text"
        rows={rows}
        placeholder={placeholder}
        value={text}
        maxLength={10_000}
        onChange={(e) => {
          onText(e.target.value);
          if (error) setError(null);
        }}
        onFocus={onFocus}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
        aria-describedby={aboutId}
        aria-invalid={error ? true : undefined}
        aria-keyshortcuts="Control+Enter Meta+Enter"
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="composer-row">
        {options}
        <p id={aboutId} className="composer-about" data-testid="composer-about">
          {about}
          <span className="visually-hidden"> {SEND_KEYS} sends the comment.</span>
        </p>
        <button type="submit" className="button button-primary composer-send" disabled={busy} title={`Comment (${SEND_KEYS})`} data-testid="composer-send">
          {busy ? 'Sending…' : 'Comment'}
        </button>
      </div>
    </form>
  );
}
