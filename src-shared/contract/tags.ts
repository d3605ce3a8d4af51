import { z } from 'zod';
import { Tag, Vote } from '../domain';
import { Name, TagContentType, Uuid } from '../primitives';
import { channel } from './channel';

const TagTarget = z.object({ contentType: TagContentType, contentId: Uuid });

export const tagsChannels = {
  'tags.list': channel({
    input: z.object({ prefix: z.string().trim().max(100).optional(), contentType: TagContentType.optional(), contentId: Uuid.optional() }),
    output: z.array(Tag.extend({ usage: z.number().int() })),
  }),
  'tags.create': channel({ input: z.object({ name: Name(100) }), output: Tag }),
  'tags.attach': channel({ input: TagTarget.extend({ tag: Uuid }), output: z.object({ attached: z.boolean() }) }),
  'tags.detach': channel({ input: TagTarget.extend({ tag: Uuid }), output: z.object({ detached: z.boolean() }) }),
};

export const votesChannels = {
  'votes.cast': channel({ input: z.object({ comment: Uuid, isHelpful: z.boolean() }), output: Vote }),
  'votes.clear': channel({ input: z.object({ comment: Uuid }), output: z.object({ cleared: z.boolean() }) }),
};
