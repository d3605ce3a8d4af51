import type { SyncEntityName } from '../../../src-shared/cloud';
/**
 * What syncs, per entity: the seed's columns and our additions that describe the content. What
 * describes this machine (storage_path, poster_path, renditions, access counters, processing state,
 * local_state, validation results) stays local and is never in a mutation.
 */
export interface SyncEntitySpec {
  table: string;
  columns: readonly string[];
}

export const SYNC_ENTITIES = {
  user: { table: 'auth_user', columns: ['username', 'display_name', 'role', 'created_at', 'updated_at'] },
  roster: { table: 'coaching_roster', columns: ['coach', 'student', 'created_at'] },
  videoasset: {
    table: 'core_videoasset',
    columns: [
      'owner', 'orig_filename', 'mime_type', 'size_bytes', 'checksum_sha256', 'youtube_url', 'video_type',
      'duration_sec', 'duration_ms', 'width', 'height', 'created_at', 'updated_at',
    ],
  },
  clip: {
    table: 'core_videoclip',
    columns: ['owner', 'original_video', 'clip_asset', 'clip_hash', 'mode', 'start_time', 'end_time', 'duration', 'size_bytes', 'created_at', 'updated_at'],
  },
  exercise: { table: 'exercises_exercise', columns: ['name', 'description', 'video_asset', 'created_by', 'created_at', 'updated_at'] },
  submission: { table: 'submissions_submission', columns: ['student', 'exercise', 'video_asset', 'submitted_at', 'status', 'updated_at'] },
  submission_attempt: { table: 'submission_attempts', columns: ['submission', 'video_asset', 'submitted_at'] },
  comparison: {
    table: 'comparisons_comparison',
    columns: ['student', 'exercise', 'original_video', 'feedback_video', 'compared_at', 'duration_seconds', 'original_offset', 'feedback_offset'],
  },
  alignment: {
    table: 'comparison_alignment',
    columns: ['exercise', 'original_video', 'feedback_video', 'original_offset', 'feedback_offset', 'set_by', 'created_at', 'updated_at'],
  },
  comment: {
    table: 'comments_videocomment',
    columns: ['exercise', 'author', 'text', 'video_asset', 'submission', 'at_seconds', 'at_video_asset', 'drawing', 'created_at', 'updated_at'],
  },
  tag: { table: 'tags_tag', columns: ['name', 'created_at'] },
  content_tag: { table: 'content_tags', columns: ['content_type', 'content_id', 'tag_id', 'created_at'] },
  vote: { table: 'votes_helpfulvote', columns: ['voter', 'comment', 'is_helpful', 'voted_at'] },
} as const satisfies Record<SyncEntityName, SyncEntitySpec>;

export type SyncEntity = keyof typeof SYNC_ENTITIES;
export const isSyncEntity = (name: string): name is SyncEntity => Object.hasOwn(SYNC_ENTITIES, name);

export type FieldValue = string | number | null;
export interface Mutation {
  clientId: string;
  mutationId: number;
  entity: SyncEntity;
  op: 'upsert' | 'delete';
  id: string;
  fields: Record<string, { value: FieldValue; hlc: string }>;
}

/**
 * Columns that hold another record's id, by the entity they point at. When the cloud merges a record
 * of ours into one it already had (a tag by name, a clip by clip_hash…), both sides move these
 * references to the surviving id. `content_tags.content_id` points at whichever entity its
 * `content_type` names.
 */
export const SYNC_REFERENCES: { readonly [E in SyncEntityName]: readonly (readonly [SyncEntityName, string])[] } = {
  user: [
    ['roster', 'coach'], ['roster', 'student'], ['videoasset', 'owner'], ['clip', 'owner'], ['exercise', 'created_by'],
    ['submission', 'student'], ['comparison', 'student'], ['alignment', 'set_by'], ['comment', 'author'], ['vote', 'voter'],
  ],
  roster: [],
  videoasset: [
    ['clip', 'original_video'], ['clip', 'clip_asset'], ['exercise', 'video_asset'], ['submission', 'video_asset'],
    ['submission_attempt', 'video_asset'], ['comparison', 'original_video'], ['comparison', 'feedback_video'],
    ['alignment', 'original_video'], ['alignment', 'feedback_video'], ['comment', 'video_asset'], ['comment', 'at_video_asset'],
  ],
  clip: [],
  exercise: [['submission', 'exercise'], ['comparison', 'exercise'], ['alignment', 'exercise'], ['comment', 'exercise']],
  submission: [['submission_attempt', 'submission'], ['comment', 'submission']],
  submission_attempt: [],
  comparison: [],
  alignment: [],
  comment: [['vote', 'comment']],
  tag: [['content_tag', 'tag_id']],
  content_tag: [],
  vote: [],
};

/** The `content_type` of `content_tags` for entities that can carry tags. */
export const TAGGABLE: Partial<Record<SyncEntityName, string>> = {
  exercise: 'exercise',
  videoasset: 'videoasset',
  clip: 'clip',
  comment: 'comment',
};

/** Parents before children: the order records are applied in, so every reference finds its target. */
export const SYNC_ORDER: readonly SyncEntityName[] = [
  'user', 'roster', 'videoasset', 'clip', 'exercise', 'submission', 'submission_attempt', 'comment', 'comparison', 'alignment',
  'tag', 'content_tag', 'vote',
];
