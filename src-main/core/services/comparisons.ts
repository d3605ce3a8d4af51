import { badInput, forbidden, notFound } from '../errors';
import { toAlignment, toComparison, type AlignmentRow, type ComparisonRow } from '../db/repos/comparisons-repo';
import { newId } from '../db/time';
import type { ProfileStore } from '../store';
import { visibleExercise } from './exercises';
import type { DomainHandlers } from './handlers';

/** Both videos must belong to the exercise and be visible to the actor. */
export function assertPair(store: ProfileStore, actor: string, exercise: string, original: string, feedback: string): void {
  visibleExercise(store, actor, exercise);
  if (original === feedback) throw badInput('Choose two different videos to compare.', 'feedbackVideo');
  for (const video of [original, feedback]) {
    if (!store.assets.getVisible(actor, video) || !store.comparisons.isVideoOf(exercise, video)) {
      throw notFound('That video of this exercise');
    }
  }
}

export const comparisonHandlers: DomainHandlers<'comparisons.list' | 'comparisons.create' | 'comparisons.finish' | 'comparisons.align'> = {
  'comparisons.list': (input, { store, actor }) => store.comparisons.list(actor.id, input.exercise ?? null, input.student ?? null),

  'comparisons.create': (input, s) => {
    const { store, actor } = s;
    assertPair(store, actor.id, input.exercise, input.originalVideo, input.feedbackVideo);
    const saved = store.comparisons.alignment(input.exercise, input.originalVideo, input.feedbackVideo);
    const alignment = saved ? toAlignment(saved) : null;
    // Viewing sessions are the students' (the seed's Comparison); a coach reviewing records none.
    if (actor.role !== 'student') return { comparison: null, alignment };
    const row: ComparisonRow = {
      id: newId(),
      student: actor.id,
      exercise: input.exercise,
      original_video: input.originalVideo,
      feedback_video: input.feedbackVideo,
      compared_at: store.time(),
      duration_seconds: null,
      original_offset: alignment?.originalOffset ?? 0,
      feedback_offset: alignment?.feedbackOffset ?? 0,
    };
    store.write(() => {
      store.comparisons.insert(row);
      store.changes.upsert('comparison', row.id, { ...row });
    });
    s.changed('comparison');
    return { comparison: toComparison(row), alignment };
  },

  'comparisons.finish': (input, s) => {
    const { store, actor } = s;
    // A session one may not see answers not-found, so its existence does not leak.
    const row = store.comparisons.getVisible(actor.id, input.id);
    if (!row) throw notFound('That comparison');
    if (row.student !== actor.id) throw forbidden('Only the student who compared can finish this session.');
    store.write(() => {
      store.comparisons.finish(row.id, input.durationSeconds);
      store.changes.upsert('comparison', row.id, { duration_seconds: input.durationSeconds });
    });
    s.changed('comparison');
    return toComparison({ ...row, duration_seconds: input.durationSeconds });
  },

  'comparisons.align': (input, s) => {
    const { store, actor } = s;
    assertPair(store, actor.id, input.exercise, input.originalVideo, input.feedbackVideo);
    const existing = store.comparisons.alignment(input.exercise, input.originalVideo, input.feedbackVideo);
    const now = store.time();
    const row: AlignmentRow = {
      id: existing?.id ?? newId(),
      exercise: input.exercise,
      original_video: input.originalVideo,
      feedback_video: input.feedbackVideo,
      original_offset: input.originalOffset,
      feedback_offset: input.feedbackOffset,
      set_by: actor.id,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    };
    store.write(() => {
      if (existing) store.comparisons.updateAlignment(row);
      else store.comparisons.insertAlignment(row);
      store.changes.upsert('alignment', row.id, { ...row });
    });
    s.changed('comparison');
    return toAlignment(row);
  },
};
