import { useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import type { Comment, CommentView, ExerciseSummary, MediaAsset, SubmissionDetail } from '../../../src-shared/domain';
import { errorMessage } from '../../api/client';
import type { CompareEngine } from '../../lib/compare-engine';
import { describeDrawing } from '../../lib/drawing-geometry';
import { commentSubmission } from '../../lib/feedback-moments';
import { formatTimecode } from '../../lib/format';
import { isTypingTarget, modalOpen } from '../../lib/keys';
import { useCompareStore } from '../../stores/compare-store';
import { useDrawingStore, type Side } from '../../stores/drawing-store';

const SEND_KEYS = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘ Enter' : 'Ctrl+Enter';

interface Props {
  engine: CompareEngine;
  exercise: ExerciseSummary;
  me: string;
  ids: readonly [string, string];
  names: readonly [string, string];
  assets: readonly [MediaAsset | null, MediaAsset | null];
  submissions: readonly SubmissionDetail[];
  comments: readonly CommentView[];
  /** The comment was saved: show it (its moment and drawing). */
  onSaved(comment: Comment): void;
}

/**
 * "Comment at this moment": a comment pinned to the moment one side shows (its own time, not the
 * shared timeline's), with the shapes drawn on that side. The side is the one last drawn on, or the
 * student's attempt, until the person picks the other. M (from anywhere on the screen) pauses and
 * starts writing.
 */
export function CommentComposer({ engine, exercise, me, ids, names, assets, submissions, comments, onSaved }: Props) {
  const addComment = useCompareStore((s) => s.addComment);
  const lastSide = useDrawingStore((s) => s.lastSide);
  const shapesA = useDrawingStore((s) => s.shapes[0]);
  const shapesB = useDrawingStore((s) => s.shapes[1]);
  const [picked, setPicked] = useState<Side | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);

  // Without a choice: the side drawn on last (if its shapes are still there), else a side with shapes,
  // else the one that is a student's attempt, else the second.
  const attemptSide: Side = isAttempt(ids[0], submissions) && !isAttempt(ids[1], submissions) ? 0 : 1;
  const drawnSide: Side | null = lastSide !== null && (lastSide === 0 ? shapesA : shapesB).length > 0 ? lastSide : shapesB.length > 0 ? 1 : shapesA.length > 0 ? 0 : null;
  const side: Side = picked ?? drawnSide ?? attemptSide;
  const shapes = side === 0 ? shapesA : shapesB;
  const otherShapes = side === 0 ? shapesB : shapesA;
  const usable = (s: Side) => assets[s]?.localState === 'local';
  // The side's own time, to the hundredth (the composer need not redraw on every frame).
  const hundredths = useSyncExternalStore(engine.subscribe, () => Math.round(engine.sideTime(side) * 100));
  const aspectOf = (s: Side) => (assets[s]?.width && assets[s]?.height ? assets[s].width / assets[s].height : 16 / 9);

  const submission = commentSubmission({ exercise, me, submissions, comments, pinned: ids[side], other: ids[side === 0 ? 1 : 0] });
  const audience = audienceText(exercise, me, submission, submissions);

  useCommentKey(() => {
    engine.pause();
    textarea.current?.focus();
  });

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    const body = text.trim();
    if (!body) {
      setError('Write something first.');
      textarea.current?.focus();
      return;
    }
    if (!usable(side)) {
      setError(`${names[side]} isn’t on this computer yet: pin the comment to the other video, or wait for it.`);
      return;
    }
    engine.pause();
    const duration = assets[side]?.durationMs ? assets[side].durationMs / 1000 : Infinity;
    const atSeconds = Math.max(0, Math.min(duration, Math.round(engine.sideTime(side) * 1000) / 1000));
    setBusy(true);
    setError(null);
    try {
      const created = await addComment({
        text: body,
        atSeconds,
        atVideoAsset: ids[side],
        drawing: shapes.length > 0 ? { shapes: [...shapes] } : null,
        submission,
      });
      setText('');
      setPicked(null);
      useDrawingStore.getState().discard(side);
      useDrawingStore.getState().setActive(false);
      onSaved(created);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="compare-composer" onSubmit={submit} aria-label="Comment at this moment" data-testid="compare-composer">
      <div className="compare-composer-pin" role="radiogroup" aria-label="Pin the comment to">
        <span className="compare-composer-label" aria-hidden="true">
          At
        </span>
        <span className="compare-composer-time" data-testid="composer-time">
          {formatTimecode(hundredths / 100)}
        </span>
        <span className="compare-composer-label" aria-hidden="true">
          on
        </span>
        {([0, 1] as const).map((s) => (
          <label key={s} className={side === s ? 'segment is-on' : 'segment'} title={usable(s) ? undefined : 'Not on this computer yet'}>
            <input type="radio" name="compare-comment-side" checked={side === s} disabled={!usable(s)} onChange={() => setPicked(s)} />
            {names[s]}
          </label>
        ))}
      </div>
      <label htmlFor="compare-composer-text" className="visually-hidden">
        Your comment at this moment
      </label>
      <textarea
        id="compare-composer-text"
        ref={textarea}
        className="input textarea composer-text"
        rows={2}
        placeholder={`Comment at this moment…  (M to start, ${SEND_KEYS} to send)`}
        value={text}
        maxLength={10_000}
        onChange={(e) => {
          setText(e.target.value);
          if (error) setError(null);
        }}
        onFocus={() => engine.pause()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
        aria-describedby="compare-composer-about"
        aria-invalid={error ? true : undefined}
        aria-keyshortcuts="Control+Enter Meta+Enter"
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="composer-row">
        <p id="compare-composer-about" className="compare-composer-about" data-testid="composer-about">
          {shapes.length > 0 ? `With your drawing: ${describeDrawing(shapes, aspectOf(side))}.` : 'No drawing (D to draw on the picture).'}
          {otherShapes.length > 0 && ` The drawing on ${names[side === 0 ? 1 : 0]} waits for its own comment.`} {audience}
        </p>
        <button type="submit" className="button button-primary composer-send" disabled={busy} title={`Comment (${SEND_KEYS})`} data-testid="composer-send">
          {busy ? 'Saving…' : 'Comment'}
        </button>
      </div>
    </form>
  );
}

function isAttempt(video: string, submissions: readonly SubmissionDetail[]): boolean {
  return submissions.some((s) => s.videoAsset === video || s.earlierAttempts.some((a) => a.videoAsset === video));
}

/** Who will see the comment, in the person's words. */
function audienceText(exercise: ExerciseSummary, me: string, submission: string | null, submissions: readonly SubmissionDetail[]): string {
  if (exercise.ownerRole !== 'coach') return exercise.createdBy === me ? 'Seen by you and your coaches.' : `Seen by ${exercise.ownerName} and their coaches.`;
  if (exercise.createdBy !== me) return `Seen by you and ${exercise.ownerName}.`;
  const student = submissions.find((s) => s.id === submission)?.studentName;
  return student ? `Seen by ${student} only.` : 'Seen by all your students.';
}

/** M: comment at this moment (where nothing is being typed and no dialog is open). */
function useCommentKey(start: () => void) {
  const latest = useRef(start);
  useEffect(() => {
    latest.current = start;
  });
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || modalOpen() || isTypingTarget(event.target)) return;
      if (event.key !== 'm' && event.key !== 'M') return;
      event.preventDefault();
      latest.current();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
