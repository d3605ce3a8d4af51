import type { SyncEntityName } from '../../src-shared/cloud';

/**
 * The foreign keys between synced records (migrations/0001_init.sql), as the cloud needs them: to
 * check that a new record only points at records its author can see, to re-send records whose
 * visibility follows a reference, and to find what a delete cascades to. References to users are
 * left out: those columns are owners, checked by the ownership rules.
 */
export const REFERENCES: Partial<Record<SyncEntityName, Readonly<Record<string, SyncEntityName>>>> = {
  clip: { original_video: 'videoasset', clip_asset: 'videoasset' },
  exercise: { video_asset: 'videoasset' },
  submission: { exercise: 'exercise', video_asset: 'videoasset' },
  submission_attempt: { submission: 'submission', video_asset: 'videoasset' },
  comparison: { exercise: 'exercise', original_video: 'videoasset', feedback_video: 'videoasset' },
  alignment: { exercise: 'exercise', original_video: 'videoasset', feedback_video: 'videoasset' },
  comment: { exercise: 'exercise', video_asset: 'videoasset', submission: 'submission', at_video_asset: 'videoasset' },
  content_tag: { tag_id: 'tag' },
  vote: { comment: 'comment' },
};

/** The column naming a record's owner; it never changes after creation. */
export const OWNER_COLUMN: Partial<Record<SyncEntityName, string>> = {
  videoasset: 'owner',
  clip: 'owner',
  exercise: 'created_by',
  submission: 'student',
  comparison: 'student',
  alignment: 'set_by',
  comment: 'author',
  vote: 'voter',
};

/** What a content_tag's `content_type` names, and who owns such content. */
export const TAGGABLE: Readonly<Record<string, { entity: SyncEntityName; table: string; owner: string }>> = {
  exercise: { entity: 'exercise', table: 'exercises_exercise', owner: 'created_by' },
  videoasset: { entity: 'videoasset', table: 'core_videoasset', owner: 'owner' },
  clip: { entity: 'clip', table: 'core_videoclip', owner: 'owner' },
  comment: { entity: 'comment', table: 'comments_videocomment', owner: 'author' },
};

/**
 * Unique keys other than the id: a new record that matches an existing one on these is the same
 * thing made twice (two devices, two users), and is merged into the existing record.
 */
export const MERGE_KEYS: Partial<Record<SyncEntityName, readonly string[]>> = {
  tag: ['name'],
  clip: ['clip_hash'],
  vote: ['voter', 'comment'],
  submission: ['student', 'exercise'],
  alignment: ['exercise', 'original_video', 'feedback_video'],
  content_tag: ['content_type', 'content_id', 'tag_id'],
  videoasset: ['owner', 'checksum_sha256'],
};

/** Children a delete of `parent` cascades to: (child entity, column pointing at the parent). */
export function childrenOf(parent: SyncEntityName): { entity: SyncEntityName; column: string }[] {
  const out: { entity: SyncEntityName; column: string }[] = [];
  for (const [child, refs] of Object.entries(REFERENCES) as [SyncEntityName, Record<string, SyncEntityName>][]) {
    for (const [column, target] of Object.entries(refs)) if (target === parent) out.push({ entity: child, column });
  }
  return out;
}
