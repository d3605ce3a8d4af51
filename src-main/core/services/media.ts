import { writeFile } from 'node:fs/promises';
import { CoreError } from '../errors';
import { toAsset } from '../db/repos/assets-repo';
import type { MediaSession, Session } from '../store';
import { commentHandlers } from './comments';
import { assertPair } from './comparisons';
import { visibleExercise } from './exercises';
import type { DomainHandlers } from './handlers';

function media(session: Session): MediaSession {
  if (!session.media) throw new CoreError('unavailable', 'Video tools are not available in this session.');
  return session.media;
}

export const mediaHandlers: DomainHandlers<
  | 'assets.import' | 'assets.importBytes' | 'assets.validate' | 'assets.reprocess' | 'clips.create' | 'jobs.list' | 'jobs.cancel'
  | 'recordings.start' | 'recordings.append' | 'recordings.finish' | 'recordings.cancel' | 'recordings.listRecoverable'
  | 'recordings.recover' | 'recordings.discard' | 'comparisons.export' | 'comparisons.exportPath'
> = {
  'assets.import': (input, s) => media(s).pipeline.importPaths(s.actor, input.paths),

  'assets.importBytes': async (input, s, bytes) => {
    // The web host's picker and drops send the bytes: they land in a scratch file, then import as a path.
    const scratch = s.store.media.scratch('.upload');
    await writeFile(scratch, bytes!);
    return media(s).pipeline.startImport(s.actor, scratch, { filename: input.filename, removeSource: true }).info;
  },

  'assets.validate': (input, s) => media(s).pipeline.validate(s.actor, input.id),

  'assets.reprocess': (input, s) => media(s).pipeline.reprocess(s.actor, input.id),

  'clips.create': (input, s) => media(s).pipeline.createClip(s.actor, input),

  'jobs.list': (_input, s) => media(s).jobs.list(),

  'jobs.cancel': (input, s) => ({ cancelled: media(s).jobs.cancel(input.id) }),

  'recordings.start': (input, s) => media(s).recordings.start(s.actor, input.mimeType),

  'recordings.append': (input, s, bytes) => media(s).recordings.append(s.actor, input.id, input.seq, bytes!),

  'recordings.finish': async (input, s) => {
    const asset = await media(s).recordings.finish(s.actor, input.id);
    // The reply is an ordinary video comment, under the same rules as any other.
    const comment = input.reply
      ? await commentHandlers['comments.create'](
          { exercise: input.reply.exercise, submission: input.reply.submission, text: input.reply.text, videoAsset: asset.id, atSeconds: null, atVideoAsset: null, drawing: null },
          s,
        )
      : null;
    return { asset: toAsset(s.store.assets.get(asset.id)!), comment };
  },

  'recordings.cancel': (input, s) => ({ cancelled: media(s).recordings.cancel(s.actor, input.id) }),

  'recordings.listRecoverable': (_input, s) => media(s).recordings.listRecoverable(s.actor),

  'recordings.recover': async (input, s) => toAsset(await media(s).recordings.recover(s.actor, input.id)),

  'recordings.discard': (input, s) => ({ discarded: media(s).recordings.discard(s.actor, input.id) }),

  'comparisons.export': (input, s) => {
    // The same rule as opening the comparison: an exercise one sees, two of its videos one sees.
    assertPair(s.store, s.actor.id, input.exercise, input.originalVideo, input.feedbackVideo);
    return media(s).exports.start(s.actor, input);
  },

  'comparisons.exportPath': (input, s) => ({ path: media(s).exports.suggestPath(visibleExercise(s.store, s.actor.id, input.exercise).name) }),
};
