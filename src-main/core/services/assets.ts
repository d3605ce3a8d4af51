import { ASSETS_LIST_DEFAULT_LIMIT } from '../../../src-shared/contract/assets';
import { conflict, forbidden, notFound } from '../errors';
import { toAsset, type AssetRow } from '../db/repos/assets-repo';
import type { ProfileStore } from '../store';
import { containsPattern, type DomainHandlers } from './handlers';

function visibleAsset(store: ProfileStore, actor: string, id: string): AssetRow {
  const row = store.assets.getVisible(actor, id);
  if (!row) throw notFound('That video');
  return row;
}

/** What deleting an asset would take along, and which other people's records forbid it. */
function deletePlan(store: ProfileStore, actor: string, id: string) {
  const asset = visibleAsset(store, actor, id);
  if (asset.owner !== actor) throw forbidden('Only the person who added this video can delete it.');
  const uses = store.assets.uses(id);
  return { asset, uses, blockedBy: uses.filter((u) => u.owner !== actor) };
}

export const assetHandlers: DomainHandlers<'assets.list' | 'assets.get' | 'assets.delete' | 'assets.deletePreview' | 'clips.list'> = {
  'assets.list': (input, { store, actor }) =>
    store.assets
      .list({
        actor: actor.id,
        like: containsPattern(input.search),
        tag: input.tag ?? null,
        afterCreatedAt: input.after?.createdAt ?? null,
        afterId: input.after?.id ?? null,
        limit: input.limit ?? ASSETS_LIST_DEFAULT_LIMIT,
      })
      .map(toAsset),

  'assets.get': (input, { store, actor }) => toAsset(visibleAsset(store, actor.id, input.id)),

  'assets.deletePreview': (input, { store, actor }) => {
    const { asset, blockedBy } = deletePlan(store, actor.id, input.id);
    // What goes, cascades included (the submissions and comments of an exercise whose video this is).
    const removed = store.assets.removedBy(asset.id);
    const exerciseIds = new Set(removed.filter((u) => u.kind === 'exercise').map((u) => u.id));
    return {
      asset: toAsset(asset),
      exercises: [...exerciseIds].map((eid) => ({ id: eid, name: store.exercises.get(eid)?.name ?? '' })),
      submissions: removed
        .filter((u) => u.kind === 'submission')
        .map((u) => ({ id: u.id, exerciseName: store.exercises.get(store.submissions.get(u.id)?.exercise ?? '')?.name ?? '' })),
      comments: removed.filter((u) => u.kind === 'comment').length,
      clips: removed.filter((u) => u.kind === 'clip').length,
      blockedBy: blockedBy.map((u) => ({ kind: u.kind, id: u.id, owner: u.ownerName })),
    };
  },

  'assets.delete': async (input, s) => {
    const { store, actor } = s;
    const { asset, blockedBy } = deletePlan(store, actor.id, input.id);
    if (blockedBy.length > 0) {
      const names = [...new Set(blockedBy.map((u) => u.ownerName))].join(', ');
      throw conflict(`This video is used by ${names}; it can’t be deleted while they use it.`);
    }
    const orphan = store.write(() => {
      store.assets.delete(asset.id);
      store.changes.delete('videoasset', asset.id);
      return asset.storage_path !== null && store.assets.rowsUsingFile(asset.storage_path) === 0 ? asset.storage_path : null;
    });
    // The file goes only after the rows are gone; a crash in between leaves an unused file, never a
    // row pointing at nothing.
    if (orphan) await store.media.remove(orphan);
    s.changed('videoasset', 'exercise', 'comment', 'submission', 'clip');
    return { deleted: true as const };
  },

  'clips.list': (input, { store, actor }) => store.clips.list(actor.id, input.originalVideo ?? null),
};
