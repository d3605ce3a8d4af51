import { create } from 'zustand';
import type { ComparisonExportInput } from '../../src-shared/contract/comparisons';
import { call, errorMessage, isApiError, mediaUrl } from '../api/client';
import { useJobsStore } from './jobs-store';

export type ExportLayout = ComparisonExportInput['layout'];
export type ExportAudio = ComparisonExportInput['audio'];

/** What the compare screen knows when "Export…" is pressed. */
export interface ExportContext {
  exercise: string;
  originalVideo: string;
  feedbackVideo: string;
  /** [original's offset, feedback's offset], as the screen plays them. */
  offsets: [number, number];
  /** The layout on screen, when it is one an export can have. */
  layout: ExportLayout | null;
  /** The loop range on the shared timeline, when one is set. */
  loop: { start: number; end: number } | null;
}

interface ExportState {
  /** The open dialog's comparison; null when the dialog is closed. */
  context: ExportContext | null;
  layout: ExportLayout;
  range: 'whole' | 'loop';
  audio: ExportAudio;
  /** Where the file goes: suggested by main (the profile's exports folder), editable. */
  path: string;
  status: 'editing' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled';
  jobId: string | null;
  error: string | null;
  /** The destination's own problem, shown under the field. */
  pathError: string | null;

  open(context: ExportContext): Promise<void>;
  set(patch: Partial<Pick<ExportState, 'layout' | 'range' | 'audio' | 'path'>>): void;
  /** Starts the export job and follows it to its end. */
  start(): Promise<void>;
  cancel(): Promise<void>;
  close(): void;
}

const initial = {
  context: null,
  layout: 'side-by-side' as const,
  range: 'whole' as const,
  audio: 'both' as const,
  path: '',
  status: 'editing' as const,
  jobId: null,
  error: null,
  pathError: null,
};

/** The request for the dialog's choices: the loop range moves from the shared timeline to the original's time. */
export function exportInput(state: Pick<ExportState, 'layout' | 'range' | 'audio' | 'path'>, context: ExportContext): ComparisonExportInput {
  const [originalOffset, feedbackOffset] = context.offsets;
  const loop = state.range === 'loop' ? context.loop : null;
  return {
    exercise: context.exercise,
    originalVideo: context.originalVideo,
    feedbackVideo: context.feedbackVideo,
    originalOffset,
    feedbackOffset,
    layout: state.layout,
    range: loop ? { start: loop.start + originalOffset, end: loop.end + originalOffset } : null,
    audio: state.audio,
    path: state.path.trim(),
  };
}

/** Where a finished export can be downloaded from (the web host's way to hand over the file). */
export const exportDownloadUrl = (jobId: string) => mediaUrl(jobId, 'export');

/** The file name at the end of a path, either shell's separators. */
export const fileNameOf = (path: string) => path.split(/[\\/]/).pop() ?? path;

export const useExportStore = create<ExportState>()((set, get) => ({
  ...initial,

  async open(context) {
    set({ ...initial, context, layout: context.layout ?? 'side-by-side', range: context.loop ? 'loop' : 'whole' });
    try {
      const { path } = await call('comparisons.exportPath', { exercise: context.exercise });
      // Only if the person has not typed a path of their own meanwhile.
      if (get().context === context && get().path === '') set({ path });
    } catch (error) {
      if (get().context === context) set({ error: errorMessage(error) });
    }
  },

  set(patch) {
    set({ ...patch, ...(patch.path !== undefined ? { pathError: null } : {}) });
  },

  async start() {
    const { context, status } = get();
    if (!context || status === 'starting' || status === 'running') return;
    set({ status: 'starting', error: null, pathError: null });
    let jobId: string;
    try {
      const info = await call('comparisons.export', exportInput(get(), context));
      useJobsStore.getState().apply(info);
      jobId = info.id;
    } catch (error) {
      if (get().context !== context) return;
      const aboutPath = isApiError(error, 'bad-input') && error.issues.some((i) => i.path === 'path');
      set({ status: 'editing', error: aboutPath ? null : errorMessage(error), pathError: aboutPath ? errorMessage(error) : null });
      return;
    }
    set({ status: 'running', jobId });
    const end = await useJobsStore.getState().waitFor(jobId);
    if (get().jobId !== jobId) return;
    if (end.state === 'done') set({ status: 'done' });
    else if (end.state === 'cancelled') set({ status: 'cancelled' });
    else set({ status: 'failed', error: end.error?.message ?? 'The export failed.' });
  },

  async cancel() {
    const { jobId, status } = get();
    if (jobId && status === 'running') await useJobsStore.getState().cancel(jobId);
  },

  close() {
    // A running export goes on (the jobs tray shows it, with its own Cancel).
    set({ ...initial });
  },
}));
