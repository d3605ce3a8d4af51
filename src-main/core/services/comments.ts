import { badInput, forbidden, notFound } from '../errors';
import { toComment, type CommentRow } from '../db/repos/comments-repo';
import { newId } from '../db/time';
import type { ProfileStore } from '../store';
import { visibleExercise } from './exercises';
import type { DomainHandlers } from './handlers';
import type { User, Vote } from '../../../src-shared/domain';

function visibleComment(store: ProfileStore, actor: string, id: string): CommentRow {
  const row = store.comments.getVisible(actor, id);
  if (!row) throw notFound('That comment');
  return row;
}

function ownComment(store: ProfileStore, actor: string, id: string): CommentRow {
  const row = visibleComment(store, actor, id);
  if (row.author !== actor) throw forbidden('You can change only your own comments.');
  return row;
}

/**
 * Which submission a new comment belongs to. On a coach's exercise, feedback on a submission stays
 * between that student and the coach: the owner may also post a note to all students (no
 * submission); a student's comment always belongs to their own submission. A student's own exercise
 * has no submissions.
 */
function threadOf(store: ProfileStore, actor: User, exercise: { id: string; created_by: string; owner_role: string }, requested: string | null): string | null {
  if (exercise.owner_role !== 'coach') {
    if (requested !== null) throw badInput('This exercise has no submissions to comment on.', 'submission');
    return null;
  }
  if (exercise.created_by === actor.id) {
    if (requested === null) return null;
    const sub = store.submissions.get(requested);
    if (!sub || sub.exercise !== exercise.id) throw notFound('That submission');
    return sub.id;
  }
  const own = store.submissions.find(actor.id, exercise.id);
  if (!own) throw forbidden('Submit your attempt first: your comments here belong to your submission.');
  if (requested !== null && requested !== own.id) throw forbidden('You can comment only on your own submission.');
  return own.id;
}

export const commentHandlers: DomainHandlers<
  'comments.list' | 'comments.create' | 'comments.update' | 'comments.delete' | 'comments.markRead' | 'votes.cast' | 'votes.clear'
> = {
  'comments.list': (input, { store, actor }) => {
    visibleExercise(store, actor.id, input.exercise);
    const comments = store.comments.list({ actor: actor.id, exercise: input.exercise, submission: input.submission ?? null });
    if (input.sort === 'helpful') comments.sort((a, b) => b.helpfulCount - a.helpfulCount || a.createdAt.localeCompare(b.createdAt));
    return comments;
  },

  'comments.create': (input, s) => {
    const { store, actor } = s;
    const exercise = visibleExercise(store, actor.id, input.exercise);
    if (input.text === null && input.videoAsset === null) throw badInput('A comment needs text or a video.', 'text');
    const submission = threadOf(store, actor, exercise, input.submission);
    if (input.videoAsset !== null && !store.assets.getVisible(actor.id, input.videoAsset)) throw notFound('That video');

    let atVideo = input.atVideoAsset;
    if (input.atSeconds === null) {
      if (atVideo !== null) throw badInput('A moment needs a time.', 'atSeconds');
      if (input.drawing !== null) throw badInput('A drawing belongs to a moment of the video.', 'drawing');
    } else {
      atVideo ??= exercise.video_asset;
      if (atVideo === null) throw badInput('This exercise has no video to pin a moment to.', 'atSeconds');
      const video = store.assets.getVisible(actor.id, atVideo);
      if (!video) throw notFound('That video');
      if (video.duration_ms !== null && input.atSeconds * 1000 > video.duration_ms + 1) {
        throw badInput('That moment is past the end of the video.', 'atSeconds');
      }
    }
    const now = store.time();
    const row: CommentRow = {
      id: newId(),
      exercise: exercise.id,
      author: actor.id,
      text: input.text,
      video_asset: input.videoAsset,
      submission,
      at_seconds: input.atSeconds,
      at_video_asset: input.atSeconds === null ? null : atVideo,
      drawing: input.drawing === null ? null : JSON.stringify(input.drawing),
      created_at: now,
      updated_at: now,
    };
    store.write(() => {
      store.comments.insert(row);
      store.changes.upsert('comment', row.id, { ...row });
    });
    s.changed('comment', 'exercise');
    return toComment(row);
  },

  'comments.update': (input, s) => {
    const { store, actor } = s;
    const current = ownComment(store, actor.id, input.id);
    const next: CommentRow = {
      ...current,
      text: input.text === undefined ? current.text : input.text,
      drawing: input.drawing === undefined ? current.drawing : input.drawing === null ? null : JSON.stringify(input.drawing),
      updated_at: store.time(),
    };
    if (next.text === null && next.video_asset === null) throw badInput('A comment needs text or a video.', 'text');
    if (next.drawing !== null && next.at_seconds === null) throw badInput('A drawing belongs to a moment of the video.', 'drawing');
    store.write(() => {
      store.comments.update(next);
      store.changes.upsert('comment', next.id, { text: next.text, drawing: next.drawing, updated_at: next.updated_at });
    });
    s.changed('comment');
    return toComment(next);
  },

  'comments.delete': (input, s) => {
    const { store, actor } = s;
    ownComment(store, actor.id, input.id);
    store.write(() => {
      store.comments.delete(input.id);
      store.changes.delete('comment', input.id);
    });
    s.changed('comment', 'exercise');
    return { deleted: true as const };
  },

  'comments.markRead': (input, s) => {
    const { store, actor } = s;
    for (const id of input.ids) visibleComment(store, actor.id, id);
    const now = store.time();
    const marked = store.write(() => input.ids.filter((id) => store.comments.markRead(actor.id, id, now)).length);
    if (marked > 0) s.changed('comment', 'exercise');
    return { marked };
  },

  'votes.cast': (input, s) => {
    const { store, actor } = s;
    const comment = visibleComment(store, actor.id, input.comment);
    if (comment.author === actor.id) throw forbidden('You can’t vote on your own comment.');
    const existing = store.votes.find(actor.id, comment.id);
    const vote: Vote = { id: existing?.id ?? newId(), voter: actor.id, comment: comment.id, isHelpful: input.isHelpful, votedAt: store.time() };
    store.write(() => {
      if (existing) store.votes.update(vote);
      else store.votes.insert(vote);
      store.changes.upsert('vote', vote.id, { voter: vote.voter, comment: vote.comment, is_helpful: vote.isHelpful ? 1 : 0, voted_at: vote.votedAt });
    });
    s.changed('vote', 'comment');
    return vote;
  },

  'votes.clear': (input, s) => {
    const { store, actor } = s;
    visibleComment(store, actor.id, input.comment);
    const existing = store.votes.find(actor.id, input.comment);
    if (!existing) return { cleared: false };
    store.write(() => {
      store.votes.delete(existing.id);
      store.changes.delete('vote', existing.id);
    });
    s.changed('vote', 'comment');
    return { cleared: true };
  },
};
