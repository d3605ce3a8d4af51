import { z } from 'zod';
import {
  ClipMode,
  IsoTime,
  LocalState,
  ProcessingStatus,
  Role,
  Sha256Hex,
  SubmissionStatus,
  Uuid,
  VideoMimeType,
  VideoType,
} from './primitives';

/** Records as they cross a channel: camelCase, ids as UUIDs, times as ISO strings. */

export const User = z.object({
  id: Uuid,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type User = z.infer<typeof User>;

export const Renditions = z.record(z.string(), z.object({ path: z.string(), width: z.number().optional(), height: z.number().optional() }).loose());

export const MediaAsset = z.object({
  id: Uuid,
  owner: Uuid,
  origFilename: z.string(),
  mimeType: VideoMimeType,
  sizeBytes: z.number().int().positive().nullable(),
  checksumSha256: Sha256Hex.nullable(),
  hasPoster: z.boolean(),
  hasFilmstrip: z.boolean(),
  /** A proxy plays in place of the original (which the renderer cannot decode, or which seeks badly). */
  hasProxy: z.boolean(),
  /** Frames per second, when the video's frames come at one rate (null: variable, or not probed here). */
  frameRate: z.number().positive().nullable(),
  youtubeUrl: z.string().nullable(),
  videoType: VideoType,
  durationSec: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  processingStatus: ProcessingStatus,
  processingError: z.string().nullable(),
  processedAt: IsoTime.nullable(),
  isValid: z.boolean(),
  lastValidated: IsoTime.nullable(),
  validationErrors: z.array(z.string()),
  localState: LocalState,
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type MediaAsset = z.infer<typeof MediaAsset>;

export const Clip = z.object({
  id: Uuid,
  owner: Uuid,
  originalVideo: Uuid,
  clipAsset: Uuid.nullable(),
  clipHash: Sha256Hex,
  mode: ClipMode,
  startTime: z.number(),
  endTime: z.number(),
  duration: z.number(),
  sizeBytes: z.number().int().nullable(),
  processingStatus: ProcessingStatus,
  processingError: z.string().nullable(),
  processedAt: IsoTime.nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Clip = z.infer<typeof Clip>;

export const Tag = z.object({ id: Uuid, name: z.string(), createdAt: IsoTime });
export type Tag = z.infer<typeof Tag>;

export const Exercise = z.object({
  id: Uuid,
  name: z.string(),
  description: z.string().nullable(),
  videoAsset: Uuid.nullable(),
  createdBy: Uuid,
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Exercise = z.infer<typeof Exercise>;

/** An exercise as lists show it: who made it, its tags, and how much feedback waits. */
export const ExerciseSummary = Exercise.extend({
  /** Whether the exercise's video has a poster to show (so lists never ask for one that is missing). */
  videoHasPoster: z.boolean(),
  videoDurationMs: z.number().int().nullable(),
  ownerName: z.string(),
  ownerRole: Role,
  tags: z.array(Tag),
  commentCount: z.number().int(),
  unreadCount: z.number().int(),
  submissionCount: z.number().int(),
  /** The caller's own submission status, when the caller is a student who submitted. */
  mySubmissionStatus: SubmissionStatus.nullable(),
  lastActivity: IsoTime,
});
export type ExerciseSummary = z.infer<typeof ExerciseSummary>;

export const Submission = z.object({
  id: Uuid,
  student: Uuid,
  exercise: Uuid,
  videoAsset: Uuid,
  submittedAt: IsoTime,
  status: SubmissionStatus,
  updatedAt: IsoTime,
});
export type Submission = z.infer<typeof Submission>;

export const SubmissionAttempt = z.object({ id: Uuid, videoAsset: Uuid, submittedAt: IsoTime });
export type SubmissionAttempt = z.infer<typeof SubmissionAttempt>;

export const SubmissionDetail = Submission.extend({
  studentName: z.string(),
  earlierAttempts: z.array(SubmissionAttempt),
});
export type SubmissionDetail = z.infer<typeof SubmissionDetail>;

/** A vector drawing in coordinates normalized to the displayed, rotation-corrected frame (0..1). */
const Point = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]);
export const DrawingShape = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('arrow'), from: Point, to: Point, color: z.string().max(32) }),
  z.object({ kind: z.literal('line'), from: Point, to: Point, color: z.string().max(32) }),
  /** `radius` is a fraction of the frame's width, so the circle is round on screen on any frame (as a fraction of the height it is radius × width / height). */
  z.object({ kind: z.literal('circle'), center: Point, radius: z.number().min(0).max(1), color: z.string().max(32) }),
  z.object({ kind: z.literal('freehand'), points: z.array(Point).min(2).max(5000), color: z.string().max(32) }),
  z.object({ kind: z.literal('angle'), a: Point, vertex: Point, b: Point, color: z.string().max(32) }),
]);
export const Drawing = z.object({ shapes: z.array(DrawingShape).max(200) });
export type Drawing = z.infer<typeof Drawing>;

export const Comment = z.object({
  id: Uuid,
  exercise: Uuid,
  author: Uuid,
  text: z.string().nullable(),
  videoAsset: Uuid.nullable(),
  submission: Uuid.nullable(),
  atSeconds: z.number().nullable(),
  atVideoAsset: Uuid.nullable(),
  drawing: Drawing.nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Comment = z.infer<typeof Comment>;

export const CommentView = Comment.extend({
  authorName: z.string(),
  authorRole: Role,
  helpfulCount: z.number().int(),
  /** The caller's own vote: true helpful, false not helpful, null none. */
  myVote: z.boolean().nullable(),
  read: z.boolean(),
});
export type CommentView = z.infer<typeof CommentView>;

export const Comparison = z.object({
  id: Uuid,
  student: Uuid,
  exercise: Uuid,
  originalVideo: Uuid,
  feedbackVideo: Uuid,
  originalOffset: z.number(),
  feedbackOffset: z.number(),
  comparedAt: IsoTime,
  durationSeconds: z.number().int().nullable(),
});
export type Comparison = z.infer<typeof Comparison>;

export const Alignment = z.object({
  exercise: Uuid,
  originalVideo: Uuid,
  feedbackVideo: Uuid,
  originalOffset: z.number(),
  feedbackOffset: z.number(),
  setBy: Uuid,
  updatedAt: IsoTime,
});
export type Alignment = z.infer<typeof Alignment>;

export const Vote = z.object({ id: Uuid, voter: Uuid, comment: Uuid, isHelpful: z.boolean(), votedAt: IsoTime });
export type Vote = z.infer<typeof Vote>;

export const StackItem = z.object({
  student: Uuid,
  studentName: z.string(),
  exercise: ExerciseSummary,
  /** 'own' = the student's own exercise; 'submitted' = a coach's exercise they submitted to. */
  kind: z.enum(['own', 'submitted']),
  submission: Submission.nullable(),
  /** The student's latest comparison session on the exercise ("Compared 2 days ago · 3 min"). */
  latestComparison: Comparison.nullable(),
});
export type StackItem = z.infer<typeof StackItem>;

export const Profile = z.object({ user: User, dataDir: z.string() });
export type Profile = z.infer<typeof Profile>;
