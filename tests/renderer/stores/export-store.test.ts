import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobInfo } from '../../../src-shared/contract/media';
import { useExportStore, type ExportContext } from '../../../src-renderer/stores/export-store';
import { useJobsStore } from '../../../src-renderer/stores/jobs-store';
import { Refusal, installFakeApi, uuid } from '../fake-api';

const state = () => useExportStore.getState();

const context = (overrides: Partial<ExportContext> = {}): ExportContext => ({
  exercise: uuid(),
  originalVideo: uuid(),
  feedbackVideo: uuid(),
  offsets: [0.5, 0],
  layout: 'stacked',
  loop: { start: 1, end: 2.5 },
  ...overrides,
});

const job = (id: string, patch: Partial<JobInfo> = {}): JobInfo => ({
  id, kind: 'export', label: 'compare.mp4', phase: 'exporting', done: 0, total: 1, state: 'running', error: null, assetId: null, startedAt: '2026-01-01T00:00:00.000Z', ...patch,
});

const SUGGESTED = '/data/profiles/p/exports/Serve – compared 2026-01-01 10.00.mp4';

beforeEach(() => {
  state().close();
  useJobsStore.getState().reset();
});
afterEach(() => vi.unstubAllGlobals());

describe('the export dialog', () => {
  it('opens on the screen’s layout and loop range, with a suggested file, and sends the loop in the original’s time', async () => {
    const id = uuid();
    const fake = installFakeApi({
      'comparisons.exportPath': () => ({ path: SUGGESTED }),
      'comparisons.export': () => job(id),
    });
    const ctx = context();
    await state().open(ctx);
    expect(state()).toMatchObject({ layout: 'stacked', range: 'loop', audio: 'both', path: SUGGESTED, status: 'editing' });

    const started = state().start();
    await vi.waitFor(() => expect(state().status).toBe('running'));
    // The loop 1.0–2.5 s on the shared timeline is 1.5–3.0 s in the original (offset +0.5).
    expect(fake.callsTo('comparisons.export')).toEqual([
      {
        exercise: ctx.exercise, originalVideo: ctx.originalVideo, feedbackVideo: ctx.feedbackVideo, originalOffset: 0.5, feedbackOffset: 0,
        layout: 'stacked', range: { start: 1.5, end: 3 }, audio: 'both', path: SUGGESTED,
      },
    ]);
    useJobsStore.getState().apply(job(id, { state: 'done', done: 1 }));
    await started;
    expect(state()).toMatchObject({ status: 'done', jobId: id, error: null });
  });

  it('without a loop range and on a layout an export cannot have: the whole comparison, side by side', async () => {
    const id = uuid();
    const fake = installFakeApi({ 'comparisons.exportPath': () => ({ path: SUGGESTED }), 'comparisons.export': () => job(id, { state: 'done', done: 1 }) });
    await state().open(context({ layout: null, loop: null }));
    state().set({ audio: 'none' });
    await state().start();
    expect(fake.callsTo('comparisons.export')[0]).toMatchObject({ layout: 'side-by-side', range: null, audio: 'none' });
    expect(state().status).toBe('done');
  });

  it('a refused destination shows under the field, and the dialog stays editable', async () => {
    installFakeApi({
      'comparisons.exportPath': () => ({ path: SUGGESTED }),
      'comparisons.export': () => {
        throw new Refusal({ code: 'bad-input', message: 'The folder “/nope” does not exist.', issues: [{ path: 'path', message: 'The folder “/nope” does not exist.' }] });
      },
    });
    await state().open(context());
    state().set({ path: '/nope/compare.mp4' });
    await state().start();
    expect(state()).toMatchObject({ status: 'editing', pathError: 'The folder “/nope” does not exist.', error: null });
    state().set({ path: '/tmp/compare.mp4' });
    expect(state().pathError).toBeNull();
  });

  it('a video not on this computer is said in words; a failed job shows its reason', async () => {
    const id = uuid();
    let refuse = true;
    installFakeApi({
      'comparisons.exportPath': () => ({ path: SUGGESTED }),
      'comparisons.export': () => {
        if (refuse) throw new Refusal({ code: 'unavailable', message: '“model.mp4” is not on this computer.' });
        return job(id);
      },
    });
    await state().open(context());
    await state().start();
    expect(state()).toMatchObject({ status: 'editing', error: '“model.mp4” is not on this computer.' });
    refuse = false;
    const started = state().start();
    await vi.waitFor(() => expect(state().status).toBe('running'));
    useJobsStore.getState().apply(job(id, { state: 'failed', error: { code: 'ffmpeg-failed', message: 'ffmpeg failed (exit code 1).' } }));
    await started;
    expect(state()).toMatchObject({ status: 'failed', error: 'ffmpeg failed (exit code 1).' });
  });

  it('Cancel export cancels the job; the dialog then says nothing was saved', async () => {
    const id = uuid();
    const fake = installFakeApi({
      'comparisons.exportPath': () => ({ path: SUGGESTED }),
      'comparisons.export': () => job(id),
      'jobs.cancel': () => ({ cancelled: true }),
    });
    await state().open(context());
    const started = state().start();
    await vi.waitFor(() => expect(state().status).toBe('running'));
    await state().cancel();
    expect(fake.callsTo('jobs.cancel')).toEqual([{ id }]);
    useJobsStore.getState().apply(job(id, { state: 'cancelled', error: { code: 'cancelled', message: 'Cancelled.' } }));
    await started;
    expect(state().status).toBe('cancelled');
  });
});
