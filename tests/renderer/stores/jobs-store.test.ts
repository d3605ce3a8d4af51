import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobInfo } from '../../../src-shared/contract/media';
import type { MediaAsset } from '../../../src-shared/domain';
import { ApiError } from '../../../src-renderer/api/client';
import { useAssetsStore } from '../../../src-renderer/stores/assets-store';
import { jobTitle, phaseWords, trayRows, useJobsStore } from '../../../src-renderer/stores/jobs-store';
import { connectLiveUpdates } from '../../../src-renderer/stores/live-updates';
import { installFakeApi, Refusal, settle, uuid } from '../fake-api';

const T = '2025-11-20T10:00:00.000Z';
const jobs = () => useJobsStore.getState();
const rows = () => trayRows(jobs());

function job(patch: Partial<JobInfo> = {}): JobInfo {
  return { id: uuid(), kind: 'import', label: 'serve.mp4', phase: 'copying', done: 0, total: 100, state: 'running', error: null, assetId: null, startedAt: T, ...patch };
}

/** A File as the browser hands one over: no path the renderer may know. */
const file = (name: string, bytes = 8) => new File([new Uint8Array(bytes)], name, { type: 'video/mp4' });

beforeEach(() => {
  jobs().reset();
  useAssetsStore.getState().reset();
});
afterEach(() => vi.unstubAllGlobals());

describe('the jobs tray', () => {
  it('shows a running job with its phase in words and a percentage, and drops it when it is done', () => {
    const running = job({ kind: 'process', label: 'serve.mp4', phase: 'poster', done: 1, total: 3 });
    jobs().apply(running);
    expect(rows()).toMatchObject([{ type: 'job', job: { id: running.id } }]);
    expect(jobTitle(running)).toBe('Preparing serve.mp4');
    expect(phaseWords(running.phase)).toBe('Making poster');
    expect(['copying', 'checking', 'proxy', 'cutting', 'repairing'].map(phaseWords)).toEqual(['Copying', 'Checking', 'Making proxy', 'Cutting', 'Repairing recording']);

    jobs().apply({ ...running, state: 'done', done: 3 });
    expect(rows()).toEqual([]);
  });

  it('keeps a failed job with its message until it is dismissed', () => {
    const failed = job({ state: 'failed', error: { code: 'unsupported-media', message: '“notes.mp4” is not a video.' } });
    jobs().apply(failed);
    expect(rows()).toMatchObject([{ type: 'failed', job: { error: { message: '“notes.mp4” is not a video.' } } }]);
    jobs().dismiss(failed.id);
    expect(rows()).toEqual([]);
  });

  it('never sets a finished job running again when a late progress event crosses its end', () => {
    const j = job();
    jobs().apply({ ...j, state: 'done' });
    jobs().apply({ ...j, done: 50 });
    expect(jobs().jobs[j.id]?.state).toBe('done');
  });

  it('shows several files imported together as one row: "Importing 2 of 5 — 41 %"', () => {
    const batch = jobs().beginBatch(5);
    const [a, b, c] = [job(), job(), job()];
    for (const j of [a, b, c]) jobs().addToBatch(batch, j);
    jobs().apply({ ...a, state: 'done', done: 100 });
    jobs().apply({ ...b, done: 5, total: 10 });
    // (1 done + 0.5 + 0 + two not yet started) / 5 = 30 %
    expect(rows()).toEqual([expect.objectContaining({ type: 'batch', position: 2, total: 5, fraction: 0.3 })]);

    jobs().refuse(batch, 'broken.mp4', new ApiError('too-large', 'The request is too large.'));
    const refused = rows().find((r) => r.type === 'failed');
    expect(refused).toMatchObject({ job: { label: 'broken.mp4', error: { message: '“broken.mp4” is too large to import this way.' } } });
  });

  it('loads what main is already doing, and cancels through jobs.cancel', async () => {
    const running = job({ kind: 'clip', label: 'serve.mp4 0:01.0–0:02.0', phase: 'cutting', done: 0.4, total: 1 });
    const fake = installFakeApi({ 'jobs.list': () => [running], 'jobs.cancel': () => ({ cancelled: true }) });
    await jobs().load();
    expect(rows()).toMatchObject([{ type: 'job', job: { id: running.id }, fraction: 0.4 }]);
    await jobs().cancel(running.id);
    expect(fake.callsTo('jobs.cancel')).toEqual([{ id: running.id }]);
  });

  it('resolves a waiter when its job ends, also when the end came first', async () => {
    const j = job({ kind: 'validate' });
    const waiting = jobs().waitFor(j.id);
    jobs().apply({ ...j, state: 'done' });
    await expect(waiting).resolves.toMatchObject({ state: 'done' });
    await expect(jobs().waitFor(j.id)).resolves.toMatchObject({ state: 'done' });
  });
});

describe('importing files', () => {
  it('sends real paths in one assets.import, and the others’ bytes one file at a time', async () => {
    const paths = new Map<string, string>();
    const fake = installFakeApi({
      'assets.import': (input) => input.paths.map((p) => job({ label: p })),
      'assets.importBytes': () => job({ phase: 'checking' }),
    });
    const a = file('a.mp4');
    const b = file('b.mov', 16);
    const c = file('c.mkv');
    paths.set(a.name, '/videos/a.mp4');
    paths.set(c.name, '/videos/c.mkv');
    fake.api.filePath = (f: File) => paths.get(f.name) ?? null;

    await useAssetsStore.getState().importFiles([a, b, c]);

    expect(fake.callsTo('assets.import')).toEqual([{ paths: ['/videos/a.mp4', '/videos/c.mkv'] }]);
    const sent = fake.callsTo('assets.importBytes') as [{ filename: string }, Uint8Array][];
    expect(sent).toHaveLength(1);
    expect(sent[0]?.[0]).toEqual({ filename: 'b.mov' });
    expect(sent[0]?.[1]).toBeInstanceOf(Uint8Array);
    expect(sent[0]?.[1].byteLength).toBe(16);
    expect(rows()).toEqual([expect.objectContaining({ type: 'batch', total: 3, position: 1 })]);
  });

  it('shows a file the channel refused as a failed row, and goes on with the rest', async () => {
    let n = 0;
    installFakeApi({
      'assets.importBytes': () => {
        if (n++ === 0) throw new Refusal({ code: 'unsupported-media', message: '“notes.mp4” is not a video.' });
        return job();
      },
    });
    await useAssetsStore.getState().importFiles([file('notes.mp4'), file('serve.mp4')]);
    expect(rows().map((r) => r.type)).toEqual(['batch', 'failed']);
    expect(rows()[1]).toMatchObject({ job: { error: { message: '“notes.mp4” is not a video.' } } });
  });

  it('reloads the library when an import, clip or recording job is done', async () => {
    let listed: MediaAsset[] = [];
    const fake = installFakeApi({ 'assets.list': () => listed });
    await useAssetsStore.getState().load();
    const off = connectLiveUpdates();
    const before = fake.callsTo('assets.list').length;
    listed = [];
    fake.emit('job.done', job({ kind: 'validate', state: 'done' }));
    await settle();
    expect(fake.callsTo('assets.list')).toHaveLength(before);
    fake.emit('job.done', job({ kind: 'recording', state: 'done' }));
    await settle();
    expect(fake.callsTo('assets.list')).toHaveLength(before + 1);
    expect(rows()).toEqual([]);
    off();
  });
});
