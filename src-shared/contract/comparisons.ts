import { z } from 'zod';
import { Alignment, Comparison } from '../domain';
import { Uuid } from '../primitives';
import { channel } from './channel';

const Offset = z.number().min(-3600).max(3600);

export const comparisonsChannels = {
  'comparisons.list': channel({
    input: z.object({ exercise: Uuid.optional(), student: Uuid.optional() }),
    output: z.array(Comparison),
  }),
  /**
   * Opens a comparison of two videos of an exercise with the pair's saved alignment, if anyone set
   * one. A student's viewing is recorded as a session (the seed's Comparison); a coach's is not.
   */
  'comparisons.create': channel({
    input: z.object({ exercise: Uuid, originalVideo: Uuid, feedbackVideo: Uuid }),
    output: z.object({ comparison: Comparison.nullable(), alignment: Alignment.nullable() }),
  }),
  'comparisons.finish': channel({
    input: z.object({ id: Uuid, durationSeconds: z.number().int().min(0).max(86_400) }),
    output: Comparison,
  }),
  'comparisons.align': channel({
    input: z.object({
      exercise: Uuid,
      originalVideo: Uuid,
      feedbackVideo: Uuid,
      originalOffset: Offset,
      feedbackOffset: Offset,
    }),
    output: Alignment,
  }),
};
