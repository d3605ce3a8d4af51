import { useEffect, useRef, useState } from 'react';
import type { ChannelOutput } from '../../../src-shared/contract';
import { errorMessage } from '../../api/client';
import { Modal } from '../../components/dialog';
import { AlertIcon, RecordIcon } from '../../components/icons';
import { ProgressBar } from '../../components/progress';
import { formatDuration, percent, spokenDuration } from '../../lib/format';
import { chooseMimeType, RecordingUpload } from '../../lib/recording-upload';
import { phaseWords, useJobsStore } from '../../stores/jobs-store';
import { useCamera, useLevelMeter } from './use-camera';

/** The chunk MediaRecorder hands over each time: at most this much of a take is ever only in the renderer. */
const TIMESLICE_MS = 1000;
const COUNTDOWN_FROM = 3;

export type RecordingSaved = ChannelOutput<'recordings.finish'>;

/** Where a reply goes: the exercise, and the submission whose thread it joins (null: none). */
export interface ReplyTarget {
  exercise: string;
  submission: string | null;
}

interface Props {
  title: string;
  /** Save as a reply on this exercise; null saves the take to the library only. */
  reply: ReplyTarget | null;
  /** For an exercise's coach: the submissions a reply may be addressed to (the select shows them). */
  audiences?: readonly { id: string; name: string }[];
  onClose(): void;
  onSaved(result: RecordingSaved): void;
}

type Take =
  | { name: 'idle' }
  | { name: 'countdown'; n: number }
  | { name: 'recording' }
  | { name: 'recorded'; seconds: number }
  | { name: 'saving' }
  | { name: 'failed'; message: string; canRetrySave: boolean };

/** What one take holds while it lasts; kept in a ref, since it is not what the dialog draws. */
interface Session {
  generation: number;
  recorder: MediaRecorder | null;
  upload: Promise<RecordingUpload> | null;
  startedAt: number;
  /** The take went to recordings.finish: closing the dialog must not cancel it. */
  finishing: boolean;
  /** The countdown's steps still to come. */
  timers: number[];
}

/**
 * The webcam recorder: camera preview large, device pickers, a microphone level meter, a 3-2-1
 * countdown, elapsed time, Stop, Retake and Save. The take streams to main chunk by chunk as it is
 * recorded; Retake or closing throws it away there too.
 */
export function RecorderDialog({ title, reply, audiences = [], onClose, onSaved }: Props) {
  const [cameraId, setCameraId] = useState('');
  const [micId, setMicId] = useState('');
  const [attempt, setAttempt] = useState(0);
  const camera = useCamera(cameraId, micId, attempt);
  const [take, setTake] = useState<Take>({ name: 'idle' });
  const [elapsed, setElapsed] = useState(0);
  const [audience, setAudience] = useState<string>(reply?.submission ?? '');
  const [confirmClose, setConfirmClose] = useState(false);
  const preview = useRef<HTMLVideoElement>(null);
  const meter = useRef<HTMLDivElement>(null);
  const session = useRef<Session>({ generation: 0, recorder: null, upload: null, startedAt: 0, finishing: false, timers: [] });
  const savingJob = useSavingJob(take.name === 'saving');

  useLevelMeter(camera.stream, meter);

  useEffect(() => {
    if (preview.current) preview.current.srcObject = camera.stream;
  }, [camera.stream]);

  // Closing the dialog (or the app leaving this screen) throws an unsaved take away and frees the camera.
  useEffect(() => {
    const current = session.current;
    return () => discard(current);
  }, []);

  // The clock while recording; a chunk main could not take stops the take with the reason.
  useEffect(() => {
    if (take.name !== 'recording') return;
    const s = session.current;
    const timer = window.setInterval(() => {
      setElapsed((performance.now() - s.startedAt) / 1000);
      void s.upload?.then((upload) => {
        if (upload.error && s.recorder?.state === 'recording') {
          s.recorder.onstop = null;
          s.recorder.stop();
          setTake({ name: 'failed', message: `The recording couldn’t be saved as it went: ${errorMessage(upload.error)}`, canRetrySave: false });
        }
      });
    }, 250);
    return () => window.clearInterval(timer);
  }, [take.name]);

  async function begin() {
    const s = session.current;
    const generation = s.generation;
    const stream = camera.stream;
    let upload: RecordingUpload;
    try {
      if (!s.upload || !stream) throw new Error('no take');
      upload = await s.upload;
    } catch (error) {
      if (s.generation === generation) setTake({ name: 'failed', message: errorMessage(error), canRetrySave: false });
      return;
    }
    if (s.generation !== generation) return;
    let recorder: MediaRecorder;
    try {
      recorder = new MediaRecorder(stream, { mimeType: upload.mimeType });
    } catch {
      recorder = new MediaRecorder(stream);
    }
    recorder.ondataavailable = (event) => upload.push(event.data);
    recorder.onstop = () => {
      if (s.generation !== generation) return;
      setElapsed((performance.now() - s.startedAt) / 1000);
      setTake({ name: 'recorded', seconds: (performance.now() - s.startedAt) / 1000 });
    };
    s.recorder = recorder;
    s.startedAt = performance.now();
    recorder.start(TIMESLICE_MS);
    setTake({ name: 'recording' });
  }

  function record() {
    if (camera.status !== 'ready') return;
    const s = session.current;
    discard(s);
    s.generation += 1;
    s.finishing = false;
    const mimeType = chooseMimeType((type) => MediaRecorder.isTypeSupported(type)) ?? 'video/webm';
    // Main makes room for the take during the countdown; chunks may follow the moment it ends.
    s.upload = RecordingUpload.start(mimeType);
    s.upload.catch(() => undefined);
    setElapsed(0);
    // 3, 2, 1 — then the recorder starts.
    setTake({ name: 'countdown', n: COUNTDOWN_FROM });
    for (let n = COUNTDOWN_FROM - 1; n >= 1; n--) {
      s.timers.push(window.setTimeout(() => setTake({ name: 'countdown', n }), (COUNTDOWN_FROM - n) * 1000));
    }
    s.timers.push(window.setTimeout(() => void begin(), COUNTDOWN_FROM * 1000));
  }

  function stop() {
    const recorder = session.current.recorder;
    // The last chunk arrives before `stop`, and onstop moves on to "recorded".
    if (recorder && recorder.state !== 'inactive') recorder.stop();
  }

  function retake() {
    // A take that failed to save is still thrown away when the user asks for another.
    session.current.finishing = false;
    discard(session.current);
    setElapsed(0);
    setTake({ name: 'idle' });
  }

  async function save() {
    const s = session.current;
    if (!s.upload) return;
    setTake({ name: 'saving' });
    s.finishing = true;
    try {
      const upload = await s.upload;
      const result = await upload.finish(reply ? { exercise: reply.exercise, submission: audience || null, text: null } : null);
      s.upload = null;
      onSaved(result);
    } catch (error) {
      setTake({ name: 'failed', message: errorMessage(error), canRetrySave: true });
    }
  }

  function requestClose() {
    if (take.name === 'saving') return onClose();
    if (take.name === 'recording' || take.name === 'recorded') return setConfirmClose(true);
    onClose();
  }

  const recordingNow = take.name === 'recording';
  const busy = take.name === 'countdown' || recordingNow || take.name === 'saving';
  const cameras = camera.devices.filter((d) => d.kind === 'videoinput');
  const mics = camera.devices.filter((d) => d.kind === 'audioinput');
  const activeCamera = camera.stream?.getVideoTracks()[0]?.getSettings().deviceId ?? '';
  const activeMic = camera.stream?.getAudioTracks()[0]?.getSettings().deviceId ?? '';

  return (
    <Modal title={title} onClose={requestClose} size="large">
      <div className="recorder" data-testid="recorder" data-state={camera.status === 'ready' ? take.name : camera.status}>
        <div className="recorder-stage">
          {camera.status === 'blocked' ? (
            <div className="recorder-problem" role="alert">
              <AlertIcon width={32} height={32} />
              <p className="recorder-problem-title">{camera.problem.title}</p>
              <p className="recorder-problem-text">{camera.problem.message}</p>
              <button type="button" className="button" onClick={() => setAttempt((a) => a + 1)}>
                Try again
              </button>
            </div>
          ) : (
            <video ref={preview} className="recorder-preview" autoPlay muted playsInline aria-label="Camera preview" />
          )}
          {camera.status === 'starting' && <p className="recorder-starting">Starting the camera…</p>}
          {take.name === 'countdown' && (
            <div className="recorder-countdown" aria-live="assertive" data-testid="countdown">
              {take.n}
            </div>
          )}
          {(recordingNow || take.name === 'recorded') && (
            <div className={recordingNow ? 'recorder-clock is-live' : 'recorder-clock'} data-testid="recorder-clock" data-seconds={elapsed.toFixed(2)}>
              {recordingNow && <span className="rec-dot" aria-hidden="true" />}
              <span aria-hidden="true">{formatDuration(elapsed)}</span>
              <span className="visually-hidden">{recordingNow ? `Recording, ${spokenDuration(elapsed)}` : `Recorded ${spokenDuration(elapsed)}`}</span>
            </div>
          )}
        </div>

        <div className="recorder-controls">
          <div className="recorder-devices">
            <label className="recorder-device">
              <span className="field-label">Camera</span>
              <select className="input select select-small" aria-label="Camera" value={cameraId || activeCamera} disabled={busy || cameras.length === 0} onChange={(e) => setCameraId(e.target.value)}>
                {cameras.length === 0 && <option value="">No camera</option>}
                {cameras.map((d, i) => (
                  <option key={d.deviceId || i} value={d.deviceId}>
                    {d.label || `Camera ${i + 1}`}
                  </option>
                ))}
              </select>
            </label>
            <label className="recorder-device">
              <span className="field-label">Microphone</span>
              <select className="input select select-small" aria-label="Microphone" value={micId || activeMic} disabled={busy || mics.length === 0} onChange={(e) => setMicId(e.target.value)}>
                {mics.length === 0 && <option value="">No microphone</option>}
                {mics.map((d, i) => (
                  <option key={d.deviceId || i} value={d.deviceId}>
                    {d.label || `Microphone ${i + 1}`}
                  </option>
                ))}
              </select>
            </label>
            <div className="level-meter" ref={meter} role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={0}>
              <span className="level-meter-fill" />
            </div>
          </div>
          {reply && audiences.length > 0 && (
            <label className="recorder-device">
              <span className="field-label">Who sees this reply</span>
              <select className="input select select-small" aria-label="Who sees this reply" value={audience} disabled={take.name === 'saving'} onChange={(e) => setAudience(e.target.value)}>
                <option value="">All your students</option>
                {audiences.map((a) => (
                  <option key={a.id} value={a.id}>
                    Only {a.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>

        {take.name === 'failed' && (
          <p className="form-error" role="alert">
            {take.message}
          </p>
        )}
        {take.name === 'saving' && (
          <div className="recorder-saving" role="status">
            <span>{savingJob ? `${phaseWords(savingJob.phase)} — ${percent(savingJob.done, savingJob.total)} %` : 'Saving your recording…'}</span>
            <ProgressBar value={savingJob ? percent(savingJob.done, savingJob.total) : null} label="Saving your recording" />
          </div>
        )}
        {take.name === 'recording' && <p className="recorder-note">Saved as you record — nothing is lost if the app closes.</p>}

        {confirmClose ? (
          <div className="modal-actions">
            <span className="recorder-confirm">Discard this take?</span>
            <button type="button" className="button" onClick={() => setConfirmClose(false)} data-autofocus>
              Keep recording
            </button>
            <button type="button" className="button button-danger" onClick={onClose}>
              Discard and close
            </button>
          </div>
        ) : (
          <div className="modal-actions recorder-actions">
            <button type="button" className="button button-quiet" onClick={requestClose}>
              {take.name === 'saving' ? 'Close (keeps saving)' : 'Cancel'}
            </button>
            {(take.name === 'recorded' || take.name === 'failed') && (
              <button type="button" className="button" onClick={retake}>
                Retake
              </button>
            )}
            {take.name === 'idle' && (
              <button type="button" className="button record-button" onClick={record} disabled={camera.status !== 'ready'} data-autofocus>
                <RecordIcon width={16} height={16} />
                Record
              </button>
            )}
            {take.name === 'countdown' && (
              <button type="button" className="button" onClick={retake}>
                Cancel countdown
              </button>
            )}
            {recordingNow && (
              <button type="button" className="button record-button is-live" onClick={stop}>
                <span className="stop-square" aria-hidden="true" />
                Stop
              </button>
            )}
            {(take.name === 'recorded' || (take.name === 'failed' && take.canRetrySave)) && (
              <button type="button" className="button button-primary" onClick={() => void save()}>
                {take.name === 'failed' ? 'Try saving again' : reply ? 'Save as reply' : 'Save to library'}
              </button>
            )}
            {take.name === 'saving' && (
              <button type="button" className="button button-primary" disabled>
                Saving…
              </button>
            )}
          </div>
        )}
      </div>
    </Modal>
  );
}

/** Stops a take's recorder (its data is no longer wanted) and has main throw away what it held. */
function discard(s: Session): void {
  s.generation += 1;
  for (const timer of s.timers) window.clearTimeout(timer);
  s.timers = [];
  const recorder = s.recorder;
  s.recorder = null;
  if (recorder && recorder.state !== 'inactive') {
    recorder.ondataavailable = null;
    recorder.onstop = null;
    recorder.stop();
  }
  const upload = s.upload;
  s.upload = null;
  if (upload && !s.finishing) void upload.then((u) => u.cancel()).catch(() => undefined);
}

/** The recording job main runs while saving (repairing, then importing), to show its progress. */
function useSavingJob(saving: boolean) {
  const jobs = useJobsStore((s) => s.jobs);
  const order = useJobsStore((s) => s.order);
  if (!saving) return null;
  for (let i = order.length - 1; i >= 0; i--) {
    const job = jobs[order[i] ?? ''];
    if (job?.kind === 'recording' && job.state === 'running') return job;
  }
  return null;
}
