import { z } from 'zod';
import { Clip, MediaAsset } from '../domain';
import { Uuid } from '../primitives';
import { channel } from './channel';

export const DeletePreview = z.object({
  asset: MediaAsset,
  exercises: z.array(z.object({ id: Uuid, name: z.string() })),
  submissions: z.array(z.object({ id: Uuid, exerciseName: z.string() })),
  comments: z.number().int(),
  clips: z.number().int(),
  /** Records of other users that use this asset: while any exist, the delete is refused. */
  blockedBy: z.array(z.object({ kind: z.string(), id: Uuid, owner: z.string() })),
});

export const assetsChannels = {
  'assets.list': channel({
    input: z.object({ search: z.string().trim().max(200).optional(), tag: Uuid.optional() }),
    output: z.array(MediaAsset),
  }),
  'assets.get': channel({ input: z.object({ id: Uuid }), output: MediaAsset }),
  'assets.delete': channel({ input: z.object({ id: Uuid }), output: z.object({ deleted: z.literal(true) }) }),
  'assets.deletePreview': channel({ input: z.object({ id: Uuid }), output: DeletePreview }),
};

export const clipsChannels = {
  'clips.list': channel({ input: z.object({ originalVideo: Uuid.optional() }), output: z.array(Clip) }),
};
