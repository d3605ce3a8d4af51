import { z } from 'zod';
import { Clip, MediaAsset } from '../domain';
import { IsoTime, Uuid } from '../primitives';
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

/** The library's largest page; without `limit` a call answers the first ASSETS_LIST_DEFAULT_LIMIT. */
export const ASSETS_LIST_MAX_LIMIT = 1000;
export const ASSETS_LIST_DEFAULT_LIMIT = 500;

/**
 * Newest first. A large library is read in pages: `limit` videos after `after`, the last video of the
 * previous page (its createdAt and id, as listed). A page shorter than `limit` is the last one.
 */
export const AssetsListInput = z.object({
  search: z.string().trim().max(200).optional(),
  tag: Uuid.optional(),
  limit: z.number().int().min(1).max(ASSETS_LIST_MAX_LIMIT).optional(),
  after: z.object({ createdAt: IsoTime, id: Uuid }).optional(),
});

export const assetsChannels = {
  'assets.list': channel({
    input: AssetsListInput,
    output: z.array(MediaAsset),
  }),
  'assets.get': channel({ input: z.object({ id: Uuid }), output: MediaAsset }),
  'assets.delete': channel({ input: z.object({ id: Uuid }), output: z.object({ deleted: z.literal(true) }) }),
  'assets.deletePreview': channel({ input: z.object({ id: Uuid }), output: DeletePreview }),
};

export const clipsChannels = {
  'clips.list': channel({ input: z.object({ originalVideo: Uuid.optional() }), output: z.array(Clip) }),
};
