import { useEffect, useId } from 'react';
import { chooseSavePath, hasSaveDialog } from '../../api/client';
import { Modal } from '../../components/dialog';
import { ProgressBar } from '../../components/progress';
import type { CompareEngine } from '../../lib/compare-engine';
import { formatTimecode } from '../../lib/format';
import { useCompareStore } from '../../stores/compare-store';
import { exportDownloadUrl, fileNameOf, useExportStore, type ExportAudio, type ExportLayout } from '../../stores/export-store';
import { jobFraction, useJobsStore } from '../../stores/jobs-store';

const AUDIO: [ExportAudio, string][] = [
  ['both', 'Both, as two tracks (the first video’s plays by default)'],
  ['original', 'The first video’s sound'],
  ['feedback', 'The second video’s sound'],
  ['none', 'No sound'],
];

/**
 * "Export…" in the compare toolbar, and its dialog: layout, range, sound and destination, then the
 * job's progress with Cancel, and at the end the file's path and a download link (how the web host
 * hands the file over; the desktop app saves it at the path shown).
 */
export function ExportButton({ engine, layout, a, b }: { engine: CompareEngine; layout: string; a: string; b: string }) {
  const exercise = useCompareStore((s) => s.exercise?.id ?? null);
  const offsets = useCompareStore((s) => s.offsets);
  const isOpen = useExportStore((s) => s.context !== null);
  const open = useExportStore((s) => s.open);
  const close = useExportStore((s) => s.close);
  // Leaving the comparison closes the dialog (a running export goes on in the jobs tray).
  useEffect(() => close, [close]);

  function begin() {
    if (!exercise) return;
    const { inPoint, outPoint, end } = engine.getState();
    const loopStart = inPoint ?? 0;
    const loopEnd = outPoint ?? end;
    void open({
      exercise,
      originalVideo: a,
      feedbackVideo: b,
      offsets,
      layout: layout === 'side' ? 'side-by-side' : layout === 'stacked' ? 'stacked' : null,
      loop: (inPoint !== null || outPoint !== null) && loopEnd > loopStart ? { start: loopStart, end: loopEnd } : null,
    });
  }

  return (
    <>
      <button type="button" className="button button-small" onClick={begin} disabled={!exercise} title="Save this comparison as one video file" data-testid="export-button">
        Export…
      </button>
      {isOpen && <ExportDialog />}
    </>
  );
}

function ExportDialog() {
  const s = useExportStore();
  const job = useJobsStore((j) => (s.jobId ? j.jobs[s.jobId] : undefined));
  const pathId = useId();
  const busy = s.status === 'starting' || s.status === 'running';
  const loop = s.context?.loop ?? null;

  return (
    <Modal title="Export comparison" description="One video file with both sides, aligned as you see them." onClose={s.close}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void s.start();
        }}
        noValidate
      >
        <fieldset className="field" disabled={busy}>
          <legend className="field-label">Layout</legend>
          <div className="segmented" role="radiogroup" aria-label="Layout">
            {(
              [
                ['side-by-side', 'Side by side'],
                ['stacked', 'Stacked'],
              ] as [ExportLayout, string][]
            ).map(([value, label]) => (
              <label key={value} className={s.layout === value ? 'segment is-on' : 'segment'}>
                <input type="radio" name="export-layout" value={value} checked={s.layout === value} onChange={() => s.set({ layout: value })} />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="field" disabled={busy}>
          <legend className="field-label">Range</legend>
          <label>
            <input type="radio" name="export-range" checked={s.range === 'whole'} onChange={() => s.set({ range: 'whole' })} /> The whole comparison
          </label>
          <label>
            <input type="radio" name="export-range" checked={s.range === 'loop'} disabled={!loop} onChange={() => s.set({ range: 'loop' })} /> The loop range
            {loop ? ` (${formatTimecode(loop.start)}–${formatTimecode(loop.end)})` : ' (set In and Out first)'}
          </label>
        </fieldset>
        <label className="field">
          <span className="field-label">Sound</span>
          <select className="input select" value={s.audio} disabled={busy} onChange={(e) => s.set({ audio: e.target.value as ExportAudio })} data-testid="export-audio">
            {AUDIO.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <label className="field-label" htmlFor={pathId}>
            Save as
          </label>
          <div className="input-row">
            <input
              id={pathId}
              className="input"
              value={s.path}
              disabled={busy}
              onChange={(e) => s.set({ path: e.target.value })}
              spellCheck={false}
              aria-invalid={s.pathError ? true : undefined}
              aria-describedby={s.pathError ? `${pathId}-error` : `${pathId}-hint`}
              data-testid="export-path"
            />
            {hasSaveDialog() && (
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() =>
                  void chooseSavePath('Export comparison', s.path).then((path) => path && s.set({ path }))
                }
              >
                Choose…
              </button>
            )}
          </div>
          {s.pathError ? (
            <p id={`${pathId}-error`} className="field-error">
              {s.pathError}
            </p>
          ) : (
            <span id={`${pathId}-hint`} className="field-hint">
              A full path ending in .mp4. An existing file there is replaced.
            </span>
          )}
        </div>
        {s.status === 'running' && <ProgressBar value={job ? jobFraction(job) * 100 : null} label="Export progress" />}
        {s.status === 'done' && s.jobId && (
          <p role="status">
            Saved to <code>{s.path}</code>.{' '}
            <a href={exportDownloadUrl(s.jobId)} download={fileNameOf(s.path)} data-testid="export-download">
              Download
            </a>
          </p>
        )}
        {s.status === 'cancelled' && <p role="status">The export was cancelled; nothing was saved.</p>}
        {s.error && (
          <p className="form-error" role="alert">
            {s.error}
          </p>
        )}
        <div className="modal-actions">
          {s.status === 'running' ? (
            <button type="button" className="button" onClick={() => void s.cancel()}>
              Cancel export
            </button>
          ) : (
            <button type="button" className="button" onClick={s.close}>
              {s.status === 'done' ? 'Close' : 'Cancel'}
            </button>
          )}
          <button type="submit" className="button button-primary" disabled={busy || s.path.trim() === ''} data-testid="export-start">
            {busy ? 'Exporting…' : s.status === 'done' ? 'Export again' : 'Export'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
