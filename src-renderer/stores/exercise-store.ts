import { create } from 'zustand';
import type { ChannelInput } from '../../src-shared/contract';
import type { CommentView, ExerciseSummary, SubmissionDetail } from '../../src-shared/domain';
import { call } from '../api/client';
import { idleDetail, idlePart, loadDetailPart, loadPart, partSlots, type DetailPart, type Part } from './page-part';

export type CommentSort = 'oldest' | 'helpful';

interface ExerciseState {
  /** The open exercise's id, or null when none is open. */
  id: string | null;
  /** The exercise itself; `missing` when it was not found (deleted, or not visible to this profile). */
  detail: DetailPart<ExerciseSummary>;
  comments: Part<CommentView[]>;
  submissions: Part<SubmissionDetail[]>;
  sort: CommentSort;
  /** Comments that were unread when this page first showed them: they keep a "New" mark until it closes. */
  newIds: string[];
  /** Comments already sent to comments.markRead, so none is sent twice. */
  markedIds: string[];
  seq: number;

  open(id: string): Promise<void>;
  close(): void;
  /** Reloads the open exercise's parts quietly, after a change. */
  refresh(parts?: readonly ('detail' | 'comments' | 'submissions')[]): Promise<void>;
  setSort(sort: CommentSort): Promise<void>;

  addComment(input: Omit<ChannelInput<'comments.create'>, 'exercise'>): Promise<void>;
  editComment(id: string, text: string): Promise<void>;
  deleteComment(id: string): Promise<void>;
  /** Helpful on, or off again; shown at once, put back if the call fails. */
  toggleHelpful(comment: CommentView): Promise<void>;
  markRead(ids: readonly string[]): Promise<void>;
  attachTag(tagId: string): Promise<void>;
  detachTag(tagId: string): Promise<void>;
  setSubmissionStatus(id: string, status: 'reviewed' | 'needs_work'): Promise<void>;
  /** A student's attempt: the first submission, or a new video for their existing one (kept as an earlier attempt). */
  submitAttempt(videoAsset: string, existing: string | null): Promise<void>;
  /** A student takes their submission back (with its feedback thread). */
  withdrawSubmission(id: string): Promise<void>;
  update(patch: { name?: string; description?: string | null; videoAsset?: string | null }): Promise<void>;
  deleteExercise(): Promise<void>;
}

const MARK_READ_BATCH = 500;

export const useExerciseStore = create<ExerciseState>()((set, get) => {
  /** A part of the open exercise; a late answer for another exercise, or an earlier open, is dropped. */
  const slot = partSlots<ExerciseState>(set, get);

  const loadDetail = (id: string, seq: number, quiet: boolean) => loadDetailPart({ ...slot('detail', id, seq, quiet), fetch: () => call('exercises.get', { id }) });

  const loadComments = (id: string, seq: number, quiet: boolean) =>
    loadPart({
      ...slot('comments', id, seq, quiet),
      fetch: () => call('comments.list', { exercise: id, sort: get().sort }),
      ready: (data) =>
        set((s) => {
          const known = new Set(s.newIds);
          const fresh = data.filter((c) => !c.read && !known.has(c.id)).map((c) => c.id);
          return { comments: { status: 'ready', data, error: null }, newIds: fresh.length ? [...s.newIds, ...fresh] : s.newIds };
        }),
    });

  function loadSubmissions(id: string, seq: number, quiet: boolean): Promise<void> {
    const submissions = slot('submissions', id, seq, quiet);
    return loadPart({ ...submissions, fetch: () => call('submissions.list', { exercise: id }), ready: (data) => submissions.setPart(() => ({ status: 'ready', data, error: null })) });
  }

  /** The open exercise's id, or a thrown error when the page has gone. */
  function openId(): string {
    const { id } = get();
    if (!id) throw new Error('no exercise is open');
    return id;
  }

  function patchComment(id: string, patch: (c: CommentView) => CommentView): void {
    set((s) => ({ comments: { ...s.comments, data: s.comments.data.map((c) => (c.id === id ? patch(c) : c)) } }));
  }

  return {
    id: null,
    detail: idleDetail(),
    comments: idlePart([]),
    submissions: idlePart([]),
    sort: 'oldest',
    newIds: [],
    markedIds: [],
    seq: 0,

    async open(id) {
      const seq = get().seq + 1;
      set({
        id,
        seq,
        detail: idleDetail(),
        comments: idlePart([]),
        submissions: idlePart([]),
        newIds: [],
        markedIds: [],
      });
      await Promise.all([loadDetail(id, seq, false), loadComments(id, seq, false), loadSubmissions(id, seq, false)]);
    },

    close: () =>
      set((s) => ({
        id: null,
        seq: s.seq + 1,
        detail: idleDetail(),
        comments: idlePart([]),
        submissions: idlePart([]),
        newIds: [],
        markedIds: [],
      })),

    async refresh(parts = ['detail', 'comments', 'submissions']) {
      const { id, seq } = get();
      if (!id) return;
      const quiet = (status: string) => status === 'ready';
      await Promise.all([
        parts.includes('detail') ? loadDetail(id, seq, quiet(get().detail.status)) : undefined,
        parts.includes('comments') ? loadComments(id, seq, quiet(get().comments.status)) : undefined,
        parts.includes('submissions') ? loadSubmissions(id, seq, quiet(get().submissions.status)) : undefined,
      ]);
    },

    async setSort(sort) {
      set({ sort });
      const { id, seq } = get();
      if (id) await loadComments(id, seq, true);
    },

    async addComment(input) {
      await call('comments.create', { ...input, exercise: openId() });
      await get().refresh(['comments', 'detail']);
    },

    async editComment(id, text) {
      await call('comments.update', { id, text });
      await get().refresh(['comments']);
    },

    async deleteComment(id) {
      await call('comments.delete', { id });
      set((s) => ({ comments: { ...s.comments, data: s.comments.data.filter((c) => c.id !== id) } }));
      await get().refresh(['comments', 'detail']);
    },

    async toggleHelpful(comment) {
      const on = comment.myVote !== true;
      const before = { myVote: comment.myVote, helpfulCount: comment.helpfulCount };
      patchComment(comment.id, (c) => ({
        ...c,
        myVote: on ? true : null,
        helpfulCount: c.helpfulCount + (on ? 1 : -1),
      }));
      try {
        if (on) await call('votes.cast', { comment: comment.id, isHelpful: true });
        else await call('votes.clear', { comment: comment.id });
      } catch (error) {
        patchComment(comment.id, (c) => ({ ...c, ...before }));
        throw error;
      }
      if (get().sort === 'helpful') await get().refresh(['comments']);
    },

    async markRead(ids) {
      const { markedIds } = get();
      const wanted = ids.filter((id) => !markedIds.includes(id));
      if (wanted.length === 0) return;
      set({ markedIds: [...markedIds, ...wanted] });
      for (let i = 0; i < wanted.length; i += MARK_READ_BATCH) {
        // Reading is a side effect the person never asked for: a failure here is not worth an alert.
        await call('comments.markRead', { ids: wanted.slice(i, i + MARK_READ_BATCH) }).catch(() => undefined);
      }
    },

    async attachTag(tagId) {
      await call('tags.attach', { contentType: 'exercise', contentId: openId(), tag: tagId });
      await get().refresh(['detail']);
    },

    async detachTag(tagId) {
      const id = openId();
      set((s) => ({
        detail: s.detail.data ? { ...s.detail, data: { ...s.detail.data, tags: s.detail.data.tags.filter((t) => t.id !== tagId) } } : s.detail,
      }));
      try {
        await call('tags.detach', { contentType: 'exercise', contentId: id, tag: tagId });
      } finally {
        await get().refresh(['detail']);
      }
    },

    async setSubmissionStatus(id, status) {
      await call('submissions.setStatus', { id, status });
      await get().refresh(['submissions', 'detail']);
    },

    async submitAttempt(videoAsset, existing) {
      if (existing) await call('submissions.resubmit', { id: existing, videoAsset });
      else await call('submissions.create', { exercise: openId(), videoAsset });
      await get().refresh(['submissions', 'detail', 'comments']);
    },

    async withdrawSubmission(id) {
      await call('submissions.delete', { id });
      await get().refresh(['submissions', 'detail', 'comments']);
    },

    async update(patch) {
      await call('exercises.update', { id: openId(), ...patch });
      await get().refresh(['detail']);
    },

    async deleteExercise() {
      await call('exercises.delete', { id: openId() });
      get().close();
    },
  };
});
