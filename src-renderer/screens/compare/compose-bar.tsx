import { useEffect, useRef, useState } from 'react';
import type { Drawing } from '../../../src-shared/domain';
import { errorMessage } from '../../api/client';
import { Modal } from '../../components/dialog';
import { RecordIcon } from '../../components/icons';
import { Composer, composerMimeType, type ComposeLayout } from '../../lib/composer';
import type { CompareEngine } from '../../lib/compare-engine';
import { formatDuration } from '../../lib/format';
import { RecordingUpload } from '../../lib/recording-upload';
import { useUiStore } from '../../stores/ui-store';
import { describeCameraError, stopStream } from '../recorder/use-camera';

type Shape = Drawing['shapes'][number];

export interface ComposeTarget {
  exercise: string;
  /** The submission whose thread the reply joins, when one side is a student's attempt. */
  submission: string | null;
}

interface Props {
  engine: CompareEngine;
  target: ComposeTarget;
  layout: ComposeLayout;
  blend: { opacity: number; wipe: number };
  shapes: readonly [readonly Shape[], readonly Shape[]];
  /** Test markers (flash + beep) for the A/V sync test: the comparison's probe mode. */
  markers: boolean;
}

type Step =
  | { name: 'idle' }
  | { name: 'starting' }
  | { name: 'recording' }
  | { name: 'review'; seconds: number }
  | { name: 'saving' }
  | { name: 'failed'; message: string };

/**
 * Record a composed reply while reviewing: one video of what the coach sees — both players as they
 * play, pause and scrub, the drawings as they are made — with their voice and, if they like, their
 * camera in a corner. The bar stays out of the way so the comparison can be used while recording;
 * the take streams to main chunk by chunk (a crash loses at most the last second) and is posted as a
 * video comment in the exercise's thread.
 */
export function ComposeBar({ engine, target, layout, blend, shapes, markers }: Props) {
  const toast = useUiStore((s) => s.toast);
  const [step, setStep] = useState<Step>({ name: 'idle' });
  const [withCamera, setWithCamera] = useState(true);
  const [elapsed, setElapsed] = useState(0);
  const [text, setText] = useState('');
  // The scene is read every frame: keep the latest props where the composer can see them.
  const scene = useRef({ layout, blend, shapes });
  useEffect(() => {
    scene.current = { layout, blend, shapes };
  });
  const take = useRef<{ composer: Composer; upload: RecordingUpload; stream: MediaStream } | null>(null);

  useEffect(() => {
    if (step.name !== 'recording') return;
    const timer = window.setInterval(() => setElapsed(take.current?.composer.elapsed() ?? 0), 250);
    return () => window.clearInterval(timer);
  }, [step.name]);

  // Leaving the screen mid-take throws the take away.
  useEffect(
    () => () => {
      const current = take.current;
      if (!current) return;
      void current.composer.stop().then(() => current.upload.cancel());
      stopStream(current.stream);
    },
    [],
  );

  if (!composerMimeType()) return null;

  async function start() {
    setStep({ name: 'starting' });
    let stream: MediaStream | null = null;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true }, video: withCamera ? { width: { ideal: 640 }, height: { ideal: 360 } } : false });
      const upload = await RecordingUpload.start(composerMimeType()!.split(';')[0]!);
      const composer = new Composer({
        scene: {
          videos: () => [engine.video(0), engine.video(1)],
          layout: () => scene.current.layout,
          blend: () => scene.current.blend,
          shapes: () => scene.current.shapes,
        },
        camera: withCamera ? stream : null,
        mic: stream,
        onChunk: (chunk) => upload.push(chunk),
        markers: markers ? { everyMs: 2000, durationMs: 100 } : null,
      });
      take.current = { composer, upload, stream };
      // For the same-origin check: the canvas being recorded is reachable (and must stay readable).
      composer.canvas.id = 'compose-canvas';
      composer.canvas.hidden = true;
      document.body.append(composer.canvas);
      await composer.start();
      setElapsed(0);
      setStep({ name: 'recording' });
    } catch (error) {
      stopStream(stream);
      take.current = null;
      const problem = error instanceof DOMException ? describeCameraError(error) : null;
      setStep({ name: 'failed', message: problem ? `${problem.title}. ${problem.message}` : errorMessage(error) });
    }
  }

  async function stop() {
    const current = take.current;
    if (!current) return;
    await current.composer.stop();
    stopStream(current.stream);
    current.composer.canvas.remove();
    setStep({ name: 'review', seconds: current.composer.elapsed() });
  }

  async function discard() {
    const current = take.current;
    take.current = null;
    setStep({ name: 'idle' });
    setText('');
    await current?.upload.cancel().catch(() => undefined);
  }

  async function post() {
    const current = take.current;
    if (!current) return;
    setStep({ name: 'saving' });
    try {
      await current.upload.finish({ exercise: target.exercise, submission: target.submission, text: text.trim() || null });
      take.current = null;
      setText('');
      setStep({ name: 'idle' });
      toast('Your reply is posted in the exercise’s thread.');
    } catch (error) {
      setStep({ name: 'failed', message: `The reply wasn’t saved: ${errorMessage(error)}` });
    }
  }

  if (step.name === 'recording' || step.name === 'starting') {
    return (
      <div className="compose-bar is-recording" role="status" aria-live="polite" data-testid="compose-bar">
        <span className="compose-dot" aria-hidden="true" />
        <span>{step.name === 'starting' ? 'Starting…' : `Recording your reply · ${formatDuration(elapsed)}`}</span>
        <button type="button" className="button button-danger" onClick={() => void stop()} disabled={step.name === 'starting'} data-testid="compose-stop">
          Stop
        </button>
      </div>
    );
  }

  return (
    <>
      <div className="compose-bar" data-testid="compose-bar">
        <button type="button" className="button" onClick={() => void start()} data-testid="compose-record">
          <RecordIcon width={16} height={16} /> Record reply
        </button>
        <label className="compose-option">
          <input type="checkbox" checked={withCamera} onChange={(e) => setWithCamera(e.target.checked)} />
          Camera in the corner
        </label>
        {step.name === 'failed' && (
          <span className="field-error" role="alert">
            {step.message}
          </span>
        )}
      </div>
      {(step.name === 'review' || step.name === 'saving') && (
        <Modal title="Post this reply?" onClose={() => void discard()} description={`A ${formatDuration(step.name === 'review' ? step.seconds : elapsed)} video of your review, with your voice.`}>
          <label className="field">
            <span>A note with it (optional)</span>
            <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={10_000} data-testid="compose-text" />
          </label>
          <div className="modal-actions">
            <button type="button" className="button" onClick={() => void discard()} disabled={step.name === 'saving'}>
              Discard
            </button>
            <button type="button" className="button button-primary" onClick={() => void post()} disabled={step.name === 'saving'} data-testid="compose-post">
              {step.name === 'saving' ? 'Posting…' : 'Post reply'}
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}
