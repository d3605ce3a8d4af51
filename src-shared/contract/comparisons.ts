import { z } from 'zod';
import { Alignment, Comparison } from '../domain';
import { Uuid } from '../primitives';
import { channel } from './channel';
import { AbsolutePath, JobInfo } from './media';

const Offset = z.number().min(-3600).max(3600);
/** A time in the original video, in seconds (what its own scrubber shows). */
const OriginalTime = z.number().min(-3600).max(24 * 3600);

/** Where an export goes: an absolute path to an .mp4 file. */
const ExportPath = AbsolutePath.refine((p) => /\.mp4$/i.test(p), 'must end in .mp4');

export const ComparisonExportInput = z.object({
  exercise: Uuid,
  originalVideo: Uuid,
  feedbackVideo: Uuid,
  originalOffset: Offset,
  feedbackOffset: Offset,
  layout: z.enum(['side-by-side', 'stacked']),
  /**
   * The part to export, in the original video's own time (side B follows through the offsets: its time
   * is the original's − originalOffset + feedbackOffset). null: the whole comparison as the screen
   * plays it, from timeline 0 to where the later video ends.
   */
  range: z.object({ start: OriginalTime, end: OriginalTime }).nullable(),
  /**
   * Which sound the file carries. 'both': two separate audio tracks, the original's first and marked
   * default, the feedback's second, so a player's audio-track menu switches between them.
   */
  audio: z.enum(['original', 'feedback', 'both', 'none']),
  path: ExportPath,
});
export type ComparisonExportInput = z.infer<typeof ComparisonExportInput>;

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
  /**
   * Renders the comparison as one mp4 (both videos side by side or stacked, aligned as on screen) as a
   * cancellable job. Uses each video's original when it is on this computer, else its proxy; refuses
   * a video with neither. The file appears at `path` only once complete (temp file, then rename).
   */
  'comparisons.export': channel({ input: ComparisonExportInput, output: JobInfo }),
  /**
   * A destination for an export that works in either shell: a new file name in the profile's exports
   * folder. The dialog shows it (editable); once the job is done, the file is also served for download
   * at `mediaUrl(jobId, 'export')`.
   */
  'comparisons.exportPath': channel({ input: z.object({ exercise: Uuid }), output: z.object({ path: z.string() }) }),
};
