import type { StackItem } from '../../../src-shared/domain';
import { forbidden } from '../errors';
import { toSubmission } from '../db/repos/submissions-repo';
import type { ProfileStore } from '../store';
import { exerciseSummaries } from './exercises';
import type { DomainHandlers } from './handlers';

/**
 * The stack (exercise × student): a student's own exercises plus the coach exercises they submitted
 * to — as far as the actor may see them. A student sees their own; a coach sees each rostered student's.
 */
function stackOf(store: ProfileStore, actor: string, student: { id: string; displayName: string }, tag: string | null, search: string | null): StackItem[] {
  const own = store.exercises.idsOwnedBy(student.id);
  const byExercise = new Map(store.submissions.byStudent(student.id).map((s) => [s.exercise, s]));
  const summaries = exerciseSummaries(store, actor, [...own, ...byExercise.keys()]);
  const compared = store.comparisons.latestByExercise(student.id);
  return summaries
    .filter((e) => (tag === null || e.tags.some((t) => t.id === tag)) && (search === null || e.name.toLowerCase().includes(search)))
    .map((exercise) => {
      const sub = byExercise.get(exercise.id);
      // A submission is shown only to its student and the exercise's owner.
      const visibleSub = sub && (sub.student === actor || exercise.createdBy === actor) ? toSubmission(sub) : null;
      // An item is one student's: on an assignment, count that student's thread (and the owner's notes),
      // not every student's feedback the coach can see.
      const thread = visibleSub ? store.comments.threadCounts(actor, exercise.id, visibleSub.id) : null;
      return {
        student: student.id,
        studentName: student.displayName,
        exercise: thread ? { ...exercise, commentCount: thread.total, unreadCount: thread.unread } : exercise,
        kind: exercise.createdBy === student.id ? ('own' as const) : ('submitted' as const),
        submission: visibleSub,
        latestComparison: compared.get(exercise.id) ?? null,
      };
    })
    .filter((item) => item.kind === 'own' || item.submission !== null)
    .sort((a, b) => b.exercise.lastActivity.localeCompare(a.exercise.lastActivity));
}

export const stackHandlers: DomainHandlers<'stack.list' | 'roster.list'> = {
  'stack.list': (input, { store, actor }) => {
    const tag = input.tag ?? null;
    const search = input.search ? input.search.toLowerCase() : null;
    if (actor.role === 'student') {
      if (input.student !== undefined && input.student !== actor.id) throw forbidden('You can see only your own stack.');
      return stackOf(store, actor.id, actor, tag, search);
    }
    const students = store.users.roster(actor.id).map((r) => r.user);
    const chosen = input.student === undefined ? students : students.filter((u) => u.id === input.student);
    if (input.student !== undefined && chosen.length === 0) throw forbidden('That student is not on your roster.');
    return chosen.flatMap((student) => stackOf(store, actor.id, student, tag, search));
  },

  'roster.list': (_input, { store, actor }) => store.users.roster(actor.id),
};
