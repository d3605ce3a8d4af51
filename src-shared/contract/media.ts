import { z } from 'zod';
import { Clip, Comment, MediaAsset } from '../domain';
import { ClipMode, IsoTime, Uuid } from '../primitives';
import { ERROR_CODES } from '../result';
import { channel } from './channel';

/** Long work (import, processing, validation, clips, recordings, exports) runs as a job the UI can follow and cancel. */
export const JobInfo = z.object({
  id: Uuid,
  kind: z.enum(['import', 'process', 'validate', 'clip', 'recording', 'export']),
  /** What the job is about, in the user's words: usually a file name. */
  label: z.string(),
  /** The step it is on, e.g. "copying", "probing", "poster", "proxy". */
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
  /** The asset the job made or works on, once known. */
  assetId: Uuid.nullable(),
  startedAt: IsoTime,
});
export type JobInfo = z.infer<typeof JobInfo>;

export const AbsolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'must be an absolute path');
const FileName = z.string().trim().min(1).max(255).refine((n) => !/[\\/\0]/.test(n), 'must be a file name, not a path');
const Seconds = z.number().min(0).max(24 * 3600);

export const mediaChannels = {
  /** Imports files by path (Electron's dialog and drops give real paths): one job each, returned at once. */
  'assets.import': channel({ input: z.object({ paths: z.array(AbsolutePath).min(1).max(100) }), output: z.array(JobInfo) }),
  /** Imports one file sent as bytes (the web host's picker and drops). */
  'assets.importBytes': channel({ input: z.object({ filename: FileName }), output: JobInfo, bytes: true }),
  /** Re-hashes stored files against their checksums: one asset, or all of them. */
  'assets.validate': channel({ input: z.object({ id: Uuid.optional() }), output: JobInfo }),
  /** Runs posters, filmstrip and proxy again for an asset whose processing failed. */
  'assets.reprocess': channel({ input: z.object({ id: Uuid }), output: JobInfo }),
  /** Cuts a clip; the same cut of the same bytes is always the same clip. Waits for the cut. */
  'clips.create': channel({
    input: z.object({ asset: Uuid, start: Seconds, end: Seconds, mode: ClipMode.default('fast') }),
    output: Clip,
  }),
  'jobs.list': channel({ input: z.object({}), output: z.array(JobInfo) }),
  'jobs.cancel': channel({ input: z.object({ id: Uuid }), output: z.object({ cancelled: z.boolean() }) }),

  /** A webcam recording streams to main chunk by chunk, so a long reply never sits whole in the renderer. */
  'recordings.start': channel({
    input: z.object({ mimeType: z.string().max(100).regex(/^video\/webm|^video\/mp4/, 'must be a video/webm or video/mp4 recording') }),
    output: z.object({ id: Uuid }),
  }),
  'recordings.append': channel({
    input: z.object({ id: Uuid, seq: z.number().int().min(0).max(10_000_000) }),
    output: z.object({ bytes: z.number().int() }),
    bytes: true,
  }),
  /** Repairs the recording into a seekable file, imports it as a recorded video, and optionally posts it as a reply. */
  'recordings.finish': channel({
    input: z.object({
      id: Uuid,
      reply: z.object({ exercise: Uuid, submission: Uuid.nullable().default(null), text: z.string().trim().max(10_000).nullable().default(null) }).nullable().default(null),
    }),
    output: z.object({ asset: MediaAsset, comment: Comment.nullable() }),
  }),
  'recordings.cancel': channel({ input: z.object({ id: Uuid }), output: z.object({ cancelled: z.boolean() }) }),
  /** Recordings cut short by a crash, found when the profile opens. */
  'recordings.listRecoverable': channel({
    input: z.object({}),
    output: z.array(z.object({ id: Uuid, startedAt: IsoTime, bytes: z.number().int() })),
  }),
  'recordings.recover': channel({ input: z.object({ id: Uuid }), output: MediaAsset }),
  'recordings.discard': channel({ input: z.object({ id: Uuid }), output: z.object({ discarded: z.boolean() }) }),
};
