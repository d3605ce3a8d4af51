import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { Clip, MediaAsset } from '../../../src-shared/domain';
import { errorMessage, mediaUrl } from '../../api/client';
import { PlayIcon, ScissorsIcon } from '../../components/icons';
import { ProgressBar } from '../../components/progress';
import { formatTimecode, percent } from '../../lib/format';
import { seekTo } from '../../lib/video';
import { useAssetStore, type ClipModeName } from '../../stores/asset-store';
import { phaseWords, runningClipJob, useJobsStore } from '../../stores/jobs-store';
import { useUiStore } from '../../stores/ui-store';

export interface Range {
  in: number | null;
  out: number | null;
}

/** The range a clip would take: an unset In is the start, an unset Out the end. */
export function effectiveRange(range: Range, duration: number): { start: number; end: number } {
  return { start: range.in ?? 0, end: range.out ?? duration };
}

/** Sets In at `t`; an Out at or before it no longer makes sense and is cleared. */
export function withIn(range: Range, t: number): Range {
  return { in: t, out: range.out !== null && range.out <= t ? null : range.out };
}

/** Sets Out at `t`; an In at or after it is cleared. */
export function withOut(range: Range, t: number): Range {
  return { in: range.in !== null && range.in >= t ? null : range.in, out: t };
}

const round3 = (t: number) => Math.round(t * 1000) / 1000;

/** The video's length in seconds, from the element once it knows, else from the asset. */
export function useDuration(video: HTMLVideoElement | null, asset: MediaAsset): number {
  const fromAsset = asset.durationMs !== null ? asset.durationMs / 1000 : (asset.durationSec ?? 0);
  const [fromVideo, setFromVideo] = useState<number | null>(null);
  useEffect(() => {
    if (!video) return;
    const update = () => setFromVideo(Number.isFinite(video.duration) ? video.duration : null);
    video.addEventListener('loadedmetadata', update);
    video.addEventListener('durationchange', update);
    return () => {
      video.removeEventListener('loadedmetadata', update);
      video.removeEventListener('durationchange', update);
    };
  }, [video]);
  return fromVideo ?? fromAsset;
}

/** The playhead, followed smoothly while playing. */
export function usePlayhead(video: HTMLVideoElement | null): number {
  const [time, setTime] = useState(0);
  useEffect(() => {
    if (!video) return;
    let frame = 0;
    const update = () => setTime(video.currentTime);
    const loop = () => {
      update();
      frame = requestAnimationFrame(loop);
    };
    const onPlay = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(loop);
    };
    const onPause = () => {
      cancelAnimationFrame(frame);
      update();
    };
    video.addEventListener('play', onPlay);
    video.addEventListener('pause', onPause);
    video.addEventListener('seeked', update);
    video.addEventListener('loadedmetadata', update);
    return () => {
      cancelAnimationFrame(frame);
      video.removeEventListener('play', onPlay);
      video.removeEventListener('pause', onPause);
      video.removeEventListener('seeked', update);
      video.removeEventListener('loadedmetadata', update);
    };
  }, [video]);
  return time;
}

/**
 * The timeline under the player: the filmstrip (or a plain track), the clip range between In and
 * Out, and the playhead. A press seeks.
 */
export function ClipTimeline({ asset, video, duration, time, range }: { asset: MediaAsset; video: HTMLVideoElement | null; duration: number; time: number; range: Range }) {
  const at = (t: number) => `${duration > 0 ? Math.max(0, Math.min(100, (t / duration) * 100)) : 0}%`;
  const { start, end } = effectiveRange(range, duration);
  const hasRange = range.in !== null || range.out !== null;

  function seekFromPointer(event: PointerEvent<HTMLDivElement>) {
    if (!video || duration <= 0) return;
    const rect = event.currentTarget.getBoundingClientRect();
    seekTo(video, ((event.clientX - rect.left) / rect.width) * duration);
  }

  return (
    <div
      className="clip-timeline"
      data-testid="clip-timeline"
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        seekFromPointer(event);
      }}
      onPointerMove={(event) => {
        if (event.buttons === 1) seekFromPointer(event);
      }}
      aria-hidden="true"
    >
      <div
        className={asset.hasFilmstrip ? 'timeline-strip has-filmstrip' : 'timeline-strip'}
        style={asset.hasFilmstrip ? { backgroundImage: `url("${mediaUrl(asset.id, 'filmstrip')}")` } : undefined}
        data-testid="filmstrip"
      />
      {hasRange && <div className="timeline-range" style={{ left: at(start), width: `calc(${at(end)} - ${at(start)})` }} data-testid="clip-range" />}
      {range.in !== null && <div className="timeline-mark is-in" style={{ left: at(range.in) }} />}
      {range.out !== null && <div className="timeline-mark is-out" style={{ left: at(range.out) }} />}
      <div className="timeline-playhead" style={{ left: at(time) }} />
    </div>
  );
}

/** In/Out from the playhead (buttons, or I and O), Preview, the mode, and Create clip. */
export function ClipTool({
  asset,
  video,
  duration,
  time,
  range,
  onRange,
}: {
  asset: MediaAsset;
  video: HTMLVideoElement | null;
  duration: number;
  time: number;
  range: Range;
  onRange(range: Range): void;
}) {
  const createClip = useAssetStore((s) => s.createClip);
  const toast = useUiStore((s) => s.toast);
  const jobs = useJobsStore((s) => s.jobs);
  const order = useJobsStore((s) => s.order);
  const [mode, setMode] = useState<ClipModeName>('fast');
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<Clip | null>(null);
  const stopAt = useRef<number | null>(null);
  const { start, end } = effectiveRange(range, duration);
  const valid = (range.in !== null || range.out !== null) && end - start >= 0.05 && duration > 0;
  const job = creating ? runningClipJob(jobs, order, asset.origFilename) : null;

  // Preview stops at Out.
  useEffect(() => {
    if (!video) return;
    let frame = 0;
    const check = () => {
      const target = stopAt.current;
      if (target === null) return;
      if (video.currentTime >= target || video.ended) {
        video.pause();
        stopAt.current = null;
        return;
      }
      frame = requestAnimationFrame(check);
    };
    const onPlay = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(check);
    };
    const onSeeking = () => {
      // Seeking outside the range during a preview ends the preview.
      if (stopAt.current !== null && !video.paused && (video.currentTime < start - 0.05 || video.currentTime > stopAt.current)) stopAt.current = null;
    };
    video.addEventListener('play', onPlay);
    video.addEventListener('seeking', onSeeking);
    return () => {
      cancelAnimationFrame(frame);
      video.removeEventListener('play', onPlay);
      video.removeEventListener('seeking', onSeeking);
    };
  }, [video, start]);

  function preview() {
    if (!video || !valid) return;
    seekTo(video, start);
    stopAt.current = end;
    void video.play().catch(() => undefined);
  }

  async function create() {
    if (!valid || creating) return;
    setCreating(true);
    setError(null);
    setMade(null);
    try {
      const clip = await createClip({ start: round3(start), end: round3(Math.min(end, duration)), mode });
      setMade(clip);
      toast('Clip created.');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setCreating(false);
    }
  }

  return (
    <section className="clip-tool" aria-labelledby="clip-tool-title">
      <h2 id="clip-tool-title" className="panel-title">
        Cut a clip
      </h2>
      <div className="clip-tool-row">
        <button type="button" className="button button-small" onClick={() => video && onRange(withIn(range, round3(video.currentTime)))} disabled={!video} aria-keyshortcuts="I" title="Set In at the playhead (I)">
          Set In <kbd>I</kbd>
        </button>
        <span className="clip-point" data-testid="clip-in" aria-label="In point">
          {range.in !== null ? formatTimecode(range.in) : '—'}
        </span>
        <button type="button" className="button button-small" onClick={() => video && onRange(withOut(range, round3(video.currentTime)))} disabled={!video} aria-keyshortcuts="O" title="Set Out at the playhead (O)">
          Set Out <kbd>O</kbd>
        </button>
        <span className="clip-point" data-testid="clip-out" aria-label="Out point">
          {range.out !== null ? formatTimecode(range.out) : '—'}
        </span>
        <span className="clip-length">{valid ? `${(end - start).toFixed(2)} s` : ''}</span>
        <span className="clip-playhead" aria-hidden="true">
          Playhead {formatTimecode(time)}
        </span>
      </div>
      <div className="clip-tool-row">
        <button type="button" className="button button-small" onClick={preview} disabled={!valid || !video}>
          <PlayIcon width={14} height={14} />
          Preview
        </button>
        <label className="clip-mode">
          <span className="visually-hidden">Clip mode</span>
          <select className="input select select-small" aria-label="Clip mode" value={mode} onChange={(e) => setMode(e.target.value as ClipModeName)}>
            <option value="fast">Fast — from the nearest keyframe, instant</option>
            <option value="precise">Precise — frame-accurate, takes longer</option>
          </select>
        </label>
        <button type="button" className="button button-small" onClick={() => onRange({ in: null, out: null })} disabled={range.in === null && range.out === null}>
          Clear
        </button>
        <button type="button" className="button button-small button-primary clip-create" onClick={() => void create()} disabled={!valid || creating}>
          <ScissorsIcon width={14} height={14} />
          {creating ? 'Cutting…' : 'Create clip'}
        </button>
      </div>
      {creating && (
        <div className="clip-progress" role="status">
          <span>{job ? `${phaseWords(job.phase)} — ${percent(job.done, job.total)} %` : 'Cutting…'}</span>
          <ProgressBar value={job ? percent(job.done, job.total) : null} label="Cutting the clip" />
        </div>
      )}
      {!valid && !creating && <p className="clip-hint">Play or scrub to a moment, then press I for the start and O for the end.</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {made && !creating && (
        <p className="clip-made" role="status">
          Clip {formatTimecode(made.startTime)}–{formatTimecode(made.endTime)} is ready{made.mode === 'fast' ? ' (it starts at the nearest keyframe)' : ''}.
        </p>
      )}
    </section>
  );
}
