import { z } from 'zod';

/** Every primary key, users included, is a lowercase UUID stored as text. */
export const Uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lowercase UUID');

/** ISO-8601 UTC with milliseconds, the only timestamp shape stored or sent. */
export const IsoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'must be an ISO-8601 UTC time with milliseconds');

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters');

/** The container types we accept as video. Mirrored by a CHECK in migrations/0001_init.sql. */
export const VIDEO_MIME_TYPES = [
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'video/x-matroska',
  'video/x-m4v',
  'video/x-msvideo',
  'video/mpeg',
  'video/mp2t',
  'video/3gpp',
  'video/3gpp2',
  'video/ogg',
] as const;
export const VideoMimeType = z.enum(VIDEO_MIME_TYPES, { message: 'must be a video MIME type' });

export const Role = z.enum(['coach', 'student']);
export type Role = z.infer<typeof Role>;

export const VideoType = z.enum(['upload', 'recorded', 'youtube']);
export const ProcessingStatus = z.enum(['pending', 'processing', 'ready', 'failed']);
export type ProcessingStatus = z.infer<typeof ProcessingStatus>;
export const LocalState = z.enum(['local', 'remote', 'downloading', 'offloaded']);
export const SubmissionStatus = z.enum(['submitted', 'reviewed', 'needs_work', 'resubmitted']);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;
export const ClipMode = z.enum(['fast', 'precise']);
export const TagContentType = z.enum(['exercise', 'videoasset', 'clip', 'comment']);
export type TagContentType = z.infer<typeof TagContentType>;

/** Trimmed, non-empty text of at most `max` characters. */
export const Name = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** Which processing_status moves are legal; the same rule is a trigger in SQL. */
export const PROCESSING_TRANSITIONS: Record<ProcessingStatus, readonly ProcessingStatus[]> = {
  pending: ['processing'],
  processing: ['ready', 'failed'],
  ready: [],
  failed: ['pending'],
};

export const Page = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
