import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import type { SubmissionDetail } from '../../../src-shared/domain';
import { FeedbackComposer, SEND_KEYS } from '../../components/feedback-composer';
import { formatDuration } from '../../lib/format';
import { useExerciseStore } from '../../stores/exercise-store';

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

/** Feedback on the exercise: pinned to the video's moment if asked, to all the coach's students or one. */
export function Composer({ ref, video, submissions }: Props) {
  const addComment = useExerciseStore((s) => s.addComment);
  const [text, setText] = useState('');
  const [atMoment, setAtMoment] = useState(false);
  const [currentTime, setCurrentTime] = useState(0);
  const [audience, setAudience] = useState<string>('');
  const textarea = useRef<HTMLTextAreaElement>(null);

  // Follow the playhead so "At this moment" says which moment.
  useEffect(() => {
    if (!video) return;
    const update = () => setCurrentTime(video.currentTime);
    const events = ['timeupdate', 'seeked', 'loadedmetadata'] as const;
    for (const e of events) video.addEventListener(e, update);
    return () => {
      for (const e of events) video.removeEventListener(e, update);
    };
  }, [video]);

  useImperativeHandle(
    ref,
    () => ({
      commentAtMoment() {
        video?.pause();
        if (video) setAtMoment(true);
        textarea.current?.focus();
      },
    }),
    [video],
  );

  async function send(body: string) {
    await addComment({
      text: body,
      atSeconds: atMoment && video ? Math.round(video.currentTime * 1000) / 1000 : null,
      submission: audience || null,
    });
    setAtMoment(false);
  }

  return (
    <FeedbackComposer
      label="Add a comment"
      textLabel="Your comment"
      placeholder={`Write feedback…  (${SEND_KEYS} to send)`}
      rows={3}
      text={text}
      onText={setText}
      onSend={send}
      textareaRef={textarea}
      options={
        <>
          {video && (
            <label className="checkbox">
              <input type="checkbox" checked={atMoment} onChange={(e) => setAtMoment(e.target.checked)} />
              At this moment
            </label>
          )}
          {video && (
            <span className={atMoment ? 'composer-time is-on' : 'composer-time'} aria-hidden="true">
              {formatDuration(currentTime)}
            </span>
          )}
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
        </>
      }
    />
  );
}
