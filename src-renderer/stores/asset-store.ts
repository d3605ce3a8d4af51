import { create } from 'zustand';
import type { ChannelOutput } from '../../src-shared/contract';
import type { JobInfo } from '../../src-shared/contract/media';
import type { Clip, MediaAsset } from '../../src-shared/domain';
import type { ClipMode } from '../../src-shared/primitives';
import { call } from '../api/client';
import { useAssetsStore } from './assets-store';
import { useJobsStore } from './jobs-store';
import { idleDetail, idlePart, loadDetailPart, loadPart, partSlots, type DetailPart, type Part } from './page-part';

export type DeletePreview = ChannelOutput<'assets.deletePreview'>;
export type ClipModeName = (typeof ClipMode.options)[number];

interface AssetState {
  /** The open video's id, or null when no asset page is open. */
  id: string | null;
  /** The video; `missing` when it was not found (deleted, or not visible to this profile). */
  detail: DetailPart<MediaAsset>;
  /** Clips cut from it. */
  clips: Part<Clip[]>;
  seq: number;

  open(id: string): Promise<void>;
  close(): void;
  /** Reloads quietly, after a change. */
  refresh(parts?: readonly ('detail' | 'clips')[]): Promise<void>;
  /** Cuts a clip (waits for the cut) and lists it. */
  createClip(range: { start: number; end: number; mode: ClipModeName }): Promise<Clip>;
  /** Re-hashes the file against its checksum; resolves with the finished job, the video reloaded. */
  validate(): Promise<JobInfo>;
  deletePreview(): Promise<DeletePreview>;
  deleteAsset(): Promise<void>;
}

export const useAssetStore = create<AssetState>()((set, get) => {
  const slot = partSlots<AssetState>(set, get);

  const loadDetail = (id: string, seq: number, quiet: boolean) => loadDetailPart({ ...slot('detail', id, seq, quiet), fetch: () => call('assets.get', { id }) });

  function loadClips(id: string, seq: number, quiet: boolean): Promise<void> {
    const clips = slot('clips', id, seq, quiet);
    return loadPart({
      ...clips,
      fetch: () => call('clips.list', { originalVideo: id }),
      ready: (data) => clips.setPart(() => ({ status: 'ready', data: [...data].sort((a, b) => a.startTime - b.startTime || a.endTime - b.endTime), error: null })),
    });
  }

  function openId(): string {
    const { id } = get();
    if (!id) throw new Error('no video is open');
    return id;
  }

  return {
    id: null,
    detail: idleDetail(),
    clips: idlePart([]),
    seq: 0,

    async open(id) {
      const seq = get().seq + 1;
      set({ id, seq, detail: idleDetail(), clips: idlePart([]) });
      await Promise.all([loadDetail(id, seq, false), loadClips(id, seq, false)]);
    },

    close: () => set((s) => ({ id: null, seq: s.seq + 1, detail: idleDetail(), clips: idlePart([]) })),

    async refresh(parts = ['detail', 'clips']) {
      const { id, seq } = get();
      if (!id) return;
      await Promise.all([
        parts.includes('detail') ? loadDetail(id, seq, get().detail.status === 'ready') : undefined,
        parts.includes('clips') ? loadClips(id, seq, get().clips.status === 'ready') : undefined,
      ]);
    },

    async createClip({ start, end, mode }) {
      const clip = await call('clips.create', { asset: openId(), start, end, mode });
      await get().refresh(['clips']);
      void useAssetsStore.getState().refresh();
      return clip;
    },

    async validate() {
      const id = openId();
      const info = await call('assets.validate', { id });
      const jobs = useJobsStore.getState();
      jobs.apply(info);
      const finished = await jobs.waitFor(info.id);
      await get().refresh(['detail']);
      return finished;
    },

    deletePreview: () => call('assets.deletePreview', { id: openId() }),

    async deleteAsset() {
      await call('assets.delete', { id: openId() });
      get().close();
      void useAssetsStore.getState().refresh();
    },
  };
});
