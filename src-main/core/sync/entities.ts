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
