import type { CommentView, ExerciseSummary, SubmissionDetail } from '../../src-shared/domain';

/** A video of an exercise that can be compared, named the way the person knows it. */
export interface CompareCandidate {
  id: string;
  label: string;
  /** For the default pair: newer attempts first. */
  at: string;
  kind: 'model' | 'attempt' | 'earlier' | 'reply';
}

/**
 * The exercise's videos: its model video, each submission's current attempt and earlier ones, and
 * video replies in the thread. Only what the caller can see reaches here (the lists are theirs).
 */
export function compareCandidates(exercise: ExerciseSummary, submissions: readonly SubmissionDetail[], comments: readonly CommentView[], me: string): CompareCandidate[] {
  const list: CompareCandidate[] = [];
  const seen = new Set<string>();
  const add = (c: CompareCandidate) => {
    if (seen.has(c.id)) return;
    seen.add(c.id);
    list.push(c);
  };
  if (exercise.videoAsset) add({ id: exercise.videoAsset, label: exercise.ownerRole === 'coach' ? 'Model video' : 'Exercise video', at: exercise.createdAt, kind: 'model' });
  const whose = (student: string, name: string) => (student === me ? 'Your' : `${name}’s`);
  for (const s of submissions) {
    add({ id: s.videoAsset, label: `${whose(s.student, s.studentName)} attempt`, at: s.submittedAt, kind: 'attempt' });
    s.earlierAttempts.forEach((a, i) => add({ id: a.videoAsset, label: `${whose(s.student, s.studentName)} earlier attempt ${i + 1}`, at: a.submittedAt, kind: 'earlier' }));
  }
  for (const c of comments) {
    if (c.videoAsset) add({ id: c.videoAsset, label: `${c.author === me ? 'Your' : `${c.authorName}’s`} video reply`, at: c.createdAt, kind: 'reply' });
  }
  return list;
}

/**
 * The pair to open by default: the exercise video against the newest attempt (else the newest reply);
 * null when there are not two videos.
 */
export function defaultPair(candidates: readonly CompareCandidate[]): [string, string] | null {
  const model = candidates.find((c) => c.kind === 'model') ?? null;
  const newest = (kinds: CompareCandidate['kind'][]) =>
    candidates.filter((c) => kinds.includes(c.kind) && c.id !== model?.id).sort((x, y) => y.at.localeCompare(x.at))[0] ?? null;
  const other = newest(['attempt']) ?? newest(['reply']) ?? newest(['earlier']);
  if (model && other) return [model.id, other.id];
  const rest = candidates.filter((c) => c !== model);
  if (rest[0] && rest[1]) return [rest[0].id, rest[1].id];
  return null;
}

/** What a side is called on the comparison screen. */
export function candidateLabel(candidates: readonly CompareCandidate[], id: string, fallback: string): string {
  return candidates.find((c) => c.id === id)?.label ?? fallback;
}
