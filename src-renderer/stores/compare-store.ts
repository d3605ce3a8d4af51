import { create } from 'zustand';
import type { ChannelInput } from '../../src-shared/contract';
import type { Alignment, Comment, CommentView, ExerciseSummary, MediaAsset, SubmissionDetail } from '../../src-shared/domain';
import { call, errorMessage } from '../api/client';

interface CompareState {
  /** The open comparison's `pairKey`, or null. */
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
  /** Comments already sent to comments.markRead, so none is sent twice. */
  markedIds: string[];

  open(exercise: string, a: string, b: string): Promise<void>;
  /** Shows offsets at once (before they are saved). */
  setOffsets(offsets: [number, number]): void;
  /** Saves offsets as the pair's alignment, for whoever opens the pair next. */
  align(offsets: [number, number]): Promise<Alignment>;
  /** Ends a viewing session with the seconds actually viewed (the screen that showed it says which). */
  finish(sessionId: string, seconds: number): Promise<void>;
  /** Forgets the open comparison; given a pair's key, only if it is still that pair (another may be opening). */
  close(key?: string): void;
  /** Posts a comment on the open comparison's exercise, then reloads the thread. */
  addComment(input: Omit<ChannelInput<'comments.create'>, 'exercise'>): Promise<Comment>;
  /** Reloads the comments quietly (after a change here or elsewhere). */
  refreshComments(): Promise<void>;
  /** Reloads both videos quietly: a download landing, processing finishing (a proxy, the frame rate). */
  refreshAssets(): Promise<void>;
  /** Marks comments read (each once), shown read at once. */
  markRead(ids: readonly string[]): Promise<void>;
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
  markedIds: [] as string[],
};

/** What names one open comparison: its exercise and its two videos, in order. */
export const pairKey = (exercise: string, a: string, b: string): string => `${exercise}:${a}:${b}`;

const MARK_READ_BATCH = 500;

/** One side's video, or why it could not be looked up, in words. */
const readSide = (id: string) =>
  call('assets.get', { id }).then(
    (value) => [value, null] as const,
    (error: unknown) => [null, errorMessage(error)] as const,
  );

export const useCompareStore = create<CompareState>()((set, get) => ({
  ...initial,

  async open(exercise, a, b) {
    const key = pairKey(exercise, a, b);
    if (get().key === key) return;
    set({ ...initial, key, status: 'loading' });
    try {
      const [detail, created, sideA, sideB, comments, submissions] = await Promise.all([
        call('exercises.get', { id: exercise }),
        call('comparisons.create', { exercise, originalVideo: a, feedbackVideo: b }),
        readSide(a),
        readSide(b),
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

  async finish(sessionId, seconds) {
    if (get().sessionId === sessionId) set({ sessionId: null });
    await call('comparisons.finish', { id: sessionId, durationSeconds: Math.max(0, Math.min(86_400, Math.floor(seconds))) }).catch(() => undefined);
  },

  close(key) {
    if (key === undefined || get().key === key) set({ ...initial });
  },

  async addComment(input) {
    const exercise = get().exercise?.id;
    if (!exercise) throw new Error('no comparison is open');
    const created = await call('comments.create', { ...input, exercise });
    await get().refreshComments();
    return created;
  },

  async refreshComments() {
    const { key, exercise } = get();
    if (!exercise) return;
    const comments = await call('comments.list', { exercise: exercise.id, sort: 'oldest' }).catch(() => null);
    if (!comments || get().key !== key) return;
    // A comment marked read here may still be on its way: it stays read.
    const marked = new Set(get().markedIds);
    set({ comments: comments.map((c) => (marked.has(c.id) && !c.read ? { ...c, read: true } : c)) });
  },

  async refreshAssets() {
    const { key, status } = get();
    const [, a, b] = (key ?? '').split(':');
    if (status !== 'ready' || !a || !b) return;
    const [[fa], [fb]] = await Promise.all([readSide(a), readSide(b)]);
    if (get().key !== key) return;
    // A side that cannot be read now keeps what it showed (a failed call is not a deleted video).
    set((s) => ({ assets: [fa ?? s.assets[0], fb ?? s.assets[1]] }));
  },

  async markRead(ids) {
    const { markedIds } = get();
    const wanted = [...new Set(ids)].filter((id) => !markedIds.includes(id));
    if (wanted.length === 0) return;
    const now = new Set(wanted);
    set((s) => ({ markedIds: [...s.markedIds, ...wanted], comments: s.comments.map((c) => (now.has(c.id) ? { ...c, read: true } : c)) }));
    for (let i = 0; i < wanted.length; i += MARK_READ_BATCH) {
      // Reading is a side effect the person never asked for: a failure here is not worth an alert.
      await call('comments.markRead', { ids: wanted.slice(i, i + MARK_READ_BATCH) }).catch(() => undefined);
    }
  },
}));
