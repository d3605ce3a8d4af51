import { z } from 'zod';
import { Exercise, ExerciseSummary, StackItem } from '../domain';
import { Name, Page, Uuid } from '../primitives';
import { channel } from './channel';

export const ExercisesListInput = Page.extend({
  search: z.string().trim().max(200).optional(),
  tag: Uuid.optional(),
  /** Only exercises created by this user (e.g. one student's, or the coach's own assignments). */
  owner: Uuid.optional(),
});
export const ExercisesCreateInput = z.object({
  name: Name(140),
  description: z.string().max(10_000).nullable().default(null),
  videoAsset: Uuid.nullable().default(null),
});
export const ExercisesUpdateInput = z.object({
  id: Uuid,
  name: Name(140).optional(),
  description: z.string().max(10_000).nullable().optional(),
  videoAsset: Uuid.nullable().optional(),
});

export const exercisesChannels = {
  'exercises.list': channel({
    input: ExercisesListInput,
    output: z.object({ items: z.array(ExerciseSummary), nextCursor: z.string().nullable() }),
  }),
  'exercises.get': channel({ input: z.object({ id: Uuid }), output: ExerciseSummary }),
  'exercises.create': channel({ input: ExercisesCreateInput, output: Exercise }),
  'exercises.update': channel({ input: ExercisesUpdateInput, output: Exercise }),
  'exercises.delete': channel({ input: z.object({ id: Uuid }), output: z.object({ deleted: z.literal(true) }) }),
};

export const stackChannels = {
  'stack.list': channel({
    input: z.object({ student: Uuid.optional(), search: z.string().trim().max(200).optional(), tag: Uuid.optional() }),
    output: z.array(StackItem),
  }),
};
