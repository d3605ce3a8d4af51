import { create } from 'zustand';
import type { Alignment, CommentView, ExerciseSummary, MediaAsset, SubmissionDetail } from '../../src-shared/domain';
import { call, errorMessage } from '../api/client';

interface CompareState {
  /** `${exercise}:${a}:${b}` of the open comparison, or null. */
  key: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  exercise: ExerciseSummary | null;
  assets: [MediaAsset | null, MediaAsset | null];
  /** Why a side's video could not be looked up, in words. */
  assetErrors: [string | null, string | null];
  comments: CommentView[];
  submissions: SubmissionDetail[];
  /** The saved alignment of the pair as [offset of a, offset of b]. */
  offsets: [number, number];
  /** The student's viewing session (null for a coach, who records none). */
  sessionId: string | null;

  open(exercise: string, a: string, b: string): Promise<void>;
  /** Shows offsets at once (before they are saved). */
  setOffsets(offsets: [number, number]): void;
  /** Saves offsets as the pair's alignment, for whoever opens the pair next. */
  align(offsets: [number, number]): Promise<Alignment>;
  /** Ends the session with the seconds actually viewed (once; later calls do nothing). */
  finish(seconds: number): Promise<void>;
  close(): void;
}

const initial = {
  key: null,
  status: 'idle' as const,
  error: null,
  exercise: null,
  assets: [null, null] as [null, null],
  assetErrors: [null, null] as [null, null],
  comments: [],
  submissions: [],
  offsets: [0, 0] as [number, number],
  sessionId: null,
};

export const useCompareStore = create<CompareState>()((set, get) => ({
  ...initial,

  async open(exercise, a, b) {
    const key = `${exercise}:${a}:${b}`;
    if (get().key === key) return;
    set({ ...initial, key, status: 'loading' });
    const asset = (id: string) =>
      call('assets.get', { id }).then(
        (value) => [value, null] as const,
        (error: unknown) => [null, errorMessage(error)] as const,
      );
    try {
      const [detail, created, sideA, sideB, comments, submissions] = await Promise.all([
        call('exercises.get', { id: exercise }),
        call('comparisons.create', { exercise, originalVideo: a, feedbackVideo: b }),
        asset(a),
        asset(b),
        call('comments.list', { exercise, sort: 'oldest' }).catch(() => []),
        call('submissions.list', { exercise }).catch(() => []),
      ]);
      if (get().key !== key) {
        // Left before it opened: the session still ends, having shown nothing.
        if (created.comparison) void call('comparisons.finish', { id: created.comparison.id, durationSeconds: 0 }).catch(() => undefined);
        return;
      }
      set({
        status: 'ready',
        exercise: detail,
        assets: [sideA[0], sideB[0]],
        assetErrors: [sideA[1], sideB[1]],
        comments,
        submissions,
        offsets: created.alignment ? [created.alignment.originalOffset, created.alignment.feedbackOffset] : [0, 0],
        sessionId: created.comparison?.id ?? null,
      });
    } catch (error) {
      if (get().key === key) set({ status: 'error', error: errorMessage(error) });
    }
  },

  setOffsets: (offsets) => set({ offsets }),

  async align(offsets) {
    const [exercise, a, b] = (get().key ?? '').split(':');
    if (!exercise || !a || !b) throw new Error('no comparison is open');
    const saved = await call('comparisons.align', { exercise, originalVideo: a, feedbackVideo: b, originalOffset: offsets[0], feedbackOffset: offsets[1] });
    set({ offsets: [saved.originalOffset, saved.feedbackOffset] });
    return saved;
  },

  async finish(seconds) {
    const id = get().sessionId;
    if (!id) return;
    set({ sessionId: null });
    await call('comparisons.finish', { id, durationSeconds: Math.max(0, Math.min(86_400, Math.floor(seconds))) }).catch(() => undefined);
  },

  close: () => set({ ...initial }),
}));
