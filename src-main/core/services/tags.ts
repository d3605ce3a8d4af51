import type { TagContentType } from '../../../src-shared/primitives';
import type { Tag } from '../../../src-shared/domain';
import { conflict, forbidden, notFound } from '../errors';
import { newId } from '../db/time';
import type { ProfileStore } from '../store';
import { prefixPattern, type DomainHandlers } from './handlers';

/** Who owns a taggable item, if the actor can see it. Tags are attached and detached by that owner. */
function taggableOwner(store: ProfileStore, actor: string, type: TagContentType, id: string): string {
  switch (type) {
    case 'exercise':
      return store.exercises.getVisible(actor, id)?.created_by ?? missing();
    case 'videoasset':
      return store.assets.getVisible(actor, id)?.owner ?? missing();
    case 'clip':
      return store.clips.getVisible(actor, id)?.owner ?? missing();
    case 'comment':
      return store.comments.getVisible(actor, id)?.author ?? missing();
  }
}
const missing = (): never => {
  throw notFound('That item');
};

function assertOwner(store: ProfileStore, actor: string, type: TagContentType, id: string): void {
  if (taggableOwner(store, actor, type, id) !== actor) throw forbidden('Only its owner can change the tags of this item.');
}

export const tagHandlers: DomainHandlers<'tags.list' | 'tags.create' | 'tags.attach' | 'tags.detach'> = {
  'tags.list': (input, { store, actor }) => {
    // An item's tags are as private as the item: one that cannot be seen answers not-found.
    if (input.contentType !== undefined && input.contentId !== undefined) taggableOwner(store, actor.id, input.contentType, input.contentId);
    return store.tags.list(prefixPattern(input.prefix), input.contentType ?? null, input.contentId ?? null);
  },

  'tags.create': (input, s) => {
    const { store } = s;
    const existing = store.tags.findByName(input.name);
    if (existing) throw conflict(`A tag named “${existing.name}” already exists.`);
    const tag: Tag = { id: newId(), name: input.name, createdAt: store.time() };
    store.write(() => {
      store.tags.insert(tag);
      store.changes.upsert('tag', tag.id, { name: tag.name, created_at: tag.createdAt });
    });
    s.changed('tag');
    return tag;
  },

  'tags.attach': (input, s) => {
    const { store, actor } = s;
    if (!store.tags.get(input.tag)) throw notFound('That tag');
    assertOwner(store, actor.id, input.contentType, input.contentId);
    // Attaching a tag an item already has is not an error: the item simply keeps it, once.
    if (store.tags.link(input.contentType, input.contentId, input.tag)) return { attached: false };
    const link = { id: newId(), content_type: input.contentType, content_id: input.contentId, tag_id: input.tag, created_at: store.time() };
    store.write(() => {
      store.tags.attach(link);
      store.changes.upsert('content_tag', link.id, { ...link });
    });
    s.changed('tag', input.contentType);
    return { attached: true };
  },

  'tags.detach': (input, s) => {
    const { store, actor } = s;
    assertOwner(store, actor.id, input.contentType, input.contentId);
    const link = store.tags.link(input.contentType, input.contentId, input.tag);
    if (!link) return { detached: false };
    store.write(() => {
      store.tags.detach(link.id);
      store.changes.delete('content_tag', link.id);
    });
    s.changed('tag', input.contentType);
    return { detached: true };
  },
};
