import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Comment, CommentView, ExerciseSummary, MediaAsset, SubmissionDetail } from '../../../src-shared/domain';
import { FeedbackComposer, SEND_KEYS } from '../../components/feedback-composer';
import type { CompareEngine } from '../../lib/compare-engine';
import { describeDrawing } from '../../lib/drawing-geometry';
import { commentSubmission } from '../../lib/feedback-moments';
import { formatTimecode } from '../../lib/format';
import { isTypingTarget, modalOpen } from '../../lib/keys';
import { useCompareStore } from '../../stores/compare-store';
import { useDrawingStore, type Side } from '../../stores/drawing-store';

interface Props {
  engine: CompareEngine;
  exercise: ExerciseSummary;
  me: string;
  ids: readonly [string, string];
  names: readonly [string, string];
  assets: readonly [MediaAsset | null, MediaAsset | null];
  submissions: readonly SubmissionDetail[];
  comments: readonly CommentView[];
  /** The unsent text (the screen holds it, to ask before leaving drops it). */
  text: string;
  onText(text: string): void;
  /** The comment was saved: show it (its moment and drawing). */
  onSaved(comment: Comment): void;
}

/**
 * "Comment at this moment": a comment pinned to the moment one side shows (its own time, not the
 * shared timeline's, so a side moved alone is pinned where it is), with the shapes drawn on that side.
 * The side is the one last drawn on, or the student's attempt, until the person picks the other. M
 * (from anywhere on the screen) pauses and starts writing.
 */
export function CommentComposer({ engine, exercise, me, ids, names, assets, submissions, comments, text, onText, onSaved }: Props) {
  const addComment = useCompareStore((s) => s.addComment);
  const lastSide = useDrawingStore((s) => s.lastSide);
  const shapesA = useDrawingStore((s) => s.shapes[0]);
  const shapesB = useDrawingStore((s) => s.shapes[1]);
  const [picked, setPicked] = useState<Side | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);

  // Without a choice: the side drawn on last (if its shapes are still there), else a side with shapes,
  // else the one that is a student's attempt, else the second.
  const attemptSide: Side = isAttempt(ids[0], submissions) && !isAttempt(ids[1], submissions) ? 0 : 1;
  const drawnSide: Side | null = lastSide !== null && (lastSide === 0 ? shapesA : shapesB).length > 0 ? lastSide : shapesB.length > 0 ? 1 : shapesA.length > 0 ? 0 : null;
  const side: Side = picked ?? drawnSide ?? attemptSide;
  const shapes = side === 0 ? shapesA : shapesB;
  const otherShapes = side === 0 ? shapesB : shapesA;
  const usable = (s: Side) => assets[s]?.localState === 'local';
  const hundredths = useSideHundredths(engine, side);
  const aspectOf = (s: Side) => (assets[s]?.width && assets[s]?.height ? assets[s].width / assets[s].height : 16 / 9);

  const submission = commentSubmission({ exercise, me, submissions, comments, pinned: ids[side], other: ids[side === 0 ? 1 : 0] });
  const audience = audienceText(exercise, me, submission, submissions);

  // Pausing a paused comparison would bring a side moved alone back in line: only stop playback.
  const stop = () => {
    if (engine.getState().playing) engine.pause();
  };

  useCommentKey(() => {
    stop();
    textarea.current?.focus();
  });

  async function send(body: string) {
    stop();
    const duration = assets[side]?.durationMs ? assets[side].durationMs / 1000 : Infinity;
    const atSeconds = Math.max(0, Math.min(duration, Math.round(engine.sideTime(side) * 1000) / 1000));
    const created = await addComment({
      text: body,
      atSeconds,
      atVideoAsset: ids[side],
      drawing: shapes.length > 0 ? { shapes: [...shapes] } : null,
      submission,
    });
    setPicked(null);
    useDrawingStore.getState().discard(side);
    useDrawingStore.getState().setActive(false);
    onSaved(created);
  }

  return (
    <FeedbackComposer
      label="Comment at this moment"
      textLabel="Your comment at this moment"
      placeholder={`Comment at this moment…  (M to start, ${SEND_KEYS} to send)`}
      rows={2}
      text={text}
      onText={onText}
      onSend={send}
      blocked={() => (usable(side) ? null : `${names[side]} isn’t on this computer yet: pin the comment to the other video, or wait for it.`)}
      onFocus={stop}
      textareaRef={textarea}
      className="compare-composer"
      testId="compare-composer"
      pin={
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
      }
      about={
        <>
          {shapes.length > 0 ? `With your drawing: ${describeDrawing(shapes, aspectOf(side))}.` : 'No drawing (D to draw on the picture).'}
          {otherShapes.length > 0 && ` The drawing on ${names[side === 0 ? 1 : 0]} waits for its own comment.`} {audience}
        </>
      }
    />
  );
}

/**
 * A side's own time, to the hundredth (the composer need not redraw on every frame). It follows the
 * shared transport and also the side's video itself: a side scrubbed or stepped alone (while
 * aligning) moves without the transport.
 */
function useSideHundredths(engine: CompareEngine, side: Side): number {
  const subscribe = useCallback(
    (notify: () => void) => {
      const events = ['seeking', 'seeked', 'timeupdate', 'loadedmetadata'] as const;
      let video: HTMLVideoElement | null = null;
      const follow = () => {
        const next = engine.video(side);
        if (next === video) return;
        for (const e of events) video?.removeEventListener(e, notify);
        video = next;
        for (const e of events) video?.addEventListener(e, notify);
      };
      follow();
      const off = engine.subscribe(() => {
        follow();
        notify();
      });
      return () => {
        off();
        for (const e of events) video?.removeEventListener(e, notify);
      };
    },
    [engine, side],
  );
  return useSyncExternalStore(subscribe, () => Math.round(engine.sideTime(side) * 100));
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
