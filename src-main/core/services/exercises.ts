import type { ExerciseSummary } from '../../../src-shared/domain';
import { conflict, forbidden, notFound, badInput } from '../errors';
import { toExercise, toSummary, type ExerciseRow, type VisibleExerciseRow } from '../db/repos/exercises-repo';
import { newId } from '../db/time';
import type { ProfileStore } from '../store';
import { containsPattern, type DomainHandlers } from './handlers';

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})$/;

export function exerciseSummaries(store: ProfileStore, actor: string, ids: readonly string[]): ExerciseSummary[] {
  const tags = store.tags.tagsOf('exercise', ids);
  return ids.flatMap((id) => {
    const row = store.exercises.summary(actor, id);
    return row ? [toSummary(row, tags.get(id) ?? [])] : [];
  });
}

/** The exercise if the actor may see it; `not-found` otherwise (never reveal what exists). */
export function visibleExercise(store: ProfileStore, actor: string, id: string): VisibleExerciseRow {
  const row = store.exercises.getVisible(actor, id);
  if (!row) throw notFound('That exercise');
  return row;
}

function ownedExercise(store: ProfileStore, actor: string, id: string): ExerciseRow {
  const row = visibleExercise(store, actor, id);
  if (row.created_by !== actor) throw forbidden('Only the person who created this exercise can change it.');
  return row;
}

function assertNameFree(store: ProfileStore, owner: string, name: string, self?: string): void {
  const other = store.exercises.findByName(owner, name);
  if (other && other.id !== self) throw conflict(`You already have an exercise named “${other.name}”.`);
}

function assertVideoUsable(store: ProfileStore, actor: string, assetId: string | null): void {
  if (assetId !== null && !store.assets.getVisible(actor, assetId)) throw notFound('That video');
}

export const exerciseHandlers: DomainHandlers<
  'exercises.list' | 'exercises.get' | 'exercises.create' | 'exercises.update' | 'exercises.delete'
> = {
  'exercises.list': (input, { store, actor }) => {
    let after: RegExpExecArray | null = null;
    if (input.cursor !== undefined) {
      after = CURSOR.exec(input.cursor);
      if (!after) throw badInput('The list position is not valid; reload the list.', 'cursor');
    }
    const rows = store.exercises.list({
      actor: actor.id,
      owner: input.owner ?? null,
      tag: input.tag ?? null,
      like: containsPattern(input.search),
      afterCreatedAt: after?.[1] ?? null,
      afterId: after?.[2] ?? null,
      limit: input.limit + 1,
    });
    const page = rows.slice(0, input.limit);
    const tags = store.tags.tagsOf('exercise', page.map((r) => r.id));
    const last = page.at(-1);
    return {
      items: page.map((r) => toSummary(r, tags.get(r.id) ?? [])),
      nextCursor: rows.length > input.limit && last ? `${last.created_at}|${last.id}` : null,
    };
  },

  'exercises.get': (input, { store, actor }) => {
    visibleExercise(store, actor.id, input.id);
    return exerciseSummaries(store, actor.id, [input.id])[0]!;
  },

  'exercises.create': (input, s) => {
    const { store, actor } = s;
    assertNameFree(store, actor.id, input.name);
    assertVideoUsable(store, actor.id, input.videoAsset);
    const now = store.time();
    const row: ExerciseRow = {
      id: newId(),
      name: input.name,
      description: input.description,
      video_asset: input.videoAsset,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    };
    store.write(() => {
      store.exercises.insert(row);
      store.changes.upsert('exercise', row.id, { ...row });
    });
    s.changed('exercise');
    return toExercise(row);
  },

  'exercises.update': (input, s) => {
    const { store, actor } = s;
    const current = ownedExercise(store, actor.id, input.id);
    const next: ExerciseRow = {
      id: current.id,
      created_by: current.created_by,
      created_at: current.created_at,
      name: input.name ?? current.name,
      description: input.description === undefined ? current.description : input.description,
      video_asset: input.videoAsset === undefined ? current.video_asset : input.videoAsset,
      updated_at: store.time(),
    };
    if (next.name !== current.name) assertNameFree(store, actor.id, next.name, current.id);
    if (next.video_asset !== current.video_asset) assertVideoUsable(store, actor.id, next.video_asset);
    const changed = Object.fromEntries(
      (['name', 'description', 'video_asset', 'updated_at'] as const)
        .filter((k) => next[k] !== current[k])
        .map((k) => [k, next[k]]),
    );
    store.write(() => {
      store.exercises.update(next);
      store.changes.upsert('exercise', next.id, changed);
    });
    s.changed('exercise');
    return toExercise(next);
  },

  'exercises.delete': (input, s) => {
    const { store, actor } = s;
    ownedExercise(store, actor.id, input.id);
    store.write(() => {
      store.exercises.delete(input.id);
      store.changes.delete('exercise', input.id);
    });
    s.changed('exercise', 'comment', 'submission', 'tag');
    return { deleted: true as const };
  },
};
