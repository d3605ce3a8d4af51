import { useEffect, useImperativeHandle, useState, type FormEvent, type Ref } from 'react';
import type { SubmissionDetail } from '../../../src-shared/domain';
import { errorMessage } from '../../api/client';
import { formatDuration } from '../../lib/format';
import { useExerciseStore } from '../../stores/exercise-store';

const SEND_KEYS = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘ Enter' : 'Ctrl+Enter';

export interface ComposerHandle {
  /** Pauses the video and starts a comment pinned to this moment. */
  commentAtMoment(): void;
}

interface Props {
  ref?: Ref<ComposerHandle>;
  video: HTMLVideoElement | null;
  /** For the exercise's coach: the submissions a comment may be addressed to. */
  submissions: readonly SubmissionDetail[];
}

/** Write feedback; Ctrl/Cmd+Enter sends it. */
export function Composer({ ref, video, submissions }: Props) {
  const addComment = useExerciseStore((s) => s.addComment);
  const [text, setText] = useState('');
  const [atMoment, setAtMoment] = useState(false);
  const [currentTime, setCurrentTime] = useState(0);
  const [audience, setAudience] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [textarea, setTextarea] = useState<HTMLTextAreaElement | null>(null);

  // Follow the playhead so "At this moment" says which moment.
  useEffect(() => {
    if (!video) return;
    const update = () => setCurrentTime(video.currentTime);
    video.addEventListener('timeupdate', update);
    video.addEventListener('seeked', update);
    video.addEventListener('loadedmetadata', update);
    return () => {
      video.removeEventListener('timeupdate', update);
      video.removeEventListener('seeked', update);
      video.removeEventListener('loadedmetadata', update);
    };
  }, [video]);

  useImperativeHandle(
    ref,
    () => ({
      commentAtMoment() {
        video?.pause();
        if (video) setAtMoment(true);
        textarea?.focus();
      },
    }),
    [video, textarea],
  );

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    const body = text.trim();
    if (!body) {
      setError('Write something first.');
      textarea?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await addComment({
        text: body,
        atSeconds: atMoment && video ? Math.round(video.currentTime * 1000) / 1000 : null,
        submission: audience || null,
      });
      setText('');
      setAtMoment(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="composer" onSubmit={submit} aria-label="Add a comment">
      <label htmlFor="composer-text" className="visually-hidden">
        Your comment
      </label>
      <textarea
        id="composer-text"
        ref={setTextarea}
        className="input textarea composer-text"
        rows={3}
        placeholder={`Write feedback…  (${SEND_KEYS} to send)`}
        value={text}
        maxLength={10_000}
        onChange={(e) => {
          setText(e.target.value);
          if (error) setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
        aria-describedby="composer-hint"
        aria-invalid={error ? true : undefined}
        aria-keyshortcuts="Control+Enter Meta+Enter"
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="composer-row">
        {video && (
          <label className="checkbox">
            <input type="checkbox" checked={atMoment} onChange={(e) => setAtMoment(e.target.checked)} />
            At this moment
          </label>
        )}
        {video && <span className={atMoment ? 'composer-time is-on' : 'composer-time'} aria-hidden="true">{formatDuration(currentTime)}</span>}
        {submissions.length > 0 && (
          <select className="input select select-small" aria-label="Who sees this comment" value={audience} onChange={(e) => setAudience(e.target.value)}>
            <option value="">All your students</option>
            {submissions.map((s) => (
              <option key={s.id} value={s.id}>
                Only {s.studentName}
              </option>
            ))}
          </select>
        )}
        <span id="composer-hint" className="visually-hidden">
          {SEND_KEYS} sends the comment.
        </span>
        <button type="submit" className="button button-primary composer-send" disabled={busy} title={`Comment (${SEND_KEYS})`}>
          {busy ? 'Sending…' : 'Comment'}
        </button>
      </div>
    </form>
  );
}
