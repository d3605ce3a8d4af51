import { z } from 'zod';
import { Comment, CommentView, Drawing } from '../domain';
import { Uuid } from '../primitives';
import { channel } from './channel';

const CommentText = z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10,000 characters');

export const CommentsCreateInput = z.object({
  exercise: Uuid,
  text: CommentText.nullable().default(null),
  videoAsset: Uuid.nullable().default(null),
  submission: Uuid.nullable().default(null),
  atSeconds: z.number().min(0).max(86_400).nullable().default(null),
  atVideoAsset: Uuid.nullable().default(null),
  drawing: Drawing.nullable().default(null),
});

export const commentsChannels = {
  'comments.list': channel({
    input: z.object({
      exercise: Uuid,
      submission: Uuid.optional(),
      sort: z.enum(['oldest', 'helpful']).default('oldest'),
    }),
    output: z.array(CommentView),
  }),
  'comments.create': channel({ input: CommentsCreateInput, output: Comment }),
  'comments.update': channel({
    input: z.object({ id: Uuid, text: CommentText.nullable().optional(), drawing: Drawing.nullable().optional() }),
    output: Comment,
  }),
  'comments.delete': channel({ input: z.object({ id: Uuid }), output: z.object({ deleted: z.literal(true) }) }),
  'comments.markRead': channel({
    input: z.object({ ids: z.array(Uuid).min(1).max(500) }),
    output: z.object({ marked: z.number().int() }),
  }),
};
