-- Coachframe's local store: the nine AUVs of the seed schema, mirrored in SQLite.
--
-- Conventions (binding, see docs/DATA-MODEL.md):
--   * every id is a lowercase UUID in TEXT; timestamps are ISO-8601 UTC with milliseconds;
--   * the seed's jsonb columns are TEXT with a json_valid CHECK; every table is STRICT;
--   * columns we add to a seed table are grouped under "-- additions" so the seed's shape stays visible;
--   * every invariant the seed lists is a constraint here AND a clear error in the services.
-- Pragmas (WAL, foreign_keys, busy_timeout) are set when the database is opened, not here.

-- ---------------------------------------------------------------------------------------------
-- Users (the seed's auth_user, with UUID ids)
CREATE TABLE auth_user (
  id           TEXT PRIMARY KEY CHECK (id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
  username     TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 1 AND 150),
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 150),
  role         TEXT NOT NULL CHECK (role IN ('coach', 'student')),
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- Who coaches whom. Arrives through sync; lets a coach see a student's work and vice versa.
CREATE TABLE coaching_roster (
  id         TEXT PRIMARY KEY CHECK (id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
  coach      TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  student    TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (coach, student),
  CHECK (coach <> student)
) STRICT;
CREATE INDEX idx_coaching_roster_student ON coaching_roster(student, coach);

CREATE TRIGGER coaching_roster_roles BEFORE INSERT ON coaching_roster
WHEN (SELECT role FROM auth_user WHERE id = NEW.coach) IS NOT 'coach'
  OR (SELECT role FROM auth_user WHERE id = NEW.student) IS NOT 'student'
BEGIN SELECT RAISE(ABORT, 'roster: coach must be a coach and student a student'); END;

-- ---------------------------------------------------------------------------------------------
-- 1. MediaAsset
CREATE TABLE core_videoasset (
  id                TEXT PRIMARY KEY CHECK (id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
  orig_filename     TEXT NOT NULL CHECK (length(orig_filename) BETWEEN 1 AND 255),
  storage_path      TEXT CHECK (storage_path IS NULL OR length(storage_path) <= 500),
  mime_type         TEXT NOT NULL CHECK (mime_type IN ('video/mp4', 'video/quicktime', 'video/webm', 'video/x-matroska',
                      'video/x-m4v', 'video/x-msvideo', 'video/mpeg', 'video/mp2t', 'video/3gpp', 'video/3gpp2', 'video/ogg')),
  size_bytes        INTEGER CHECK (size_bytes IS NULL OR size_bytes > 0),
  checksum_sha256   TEXT CHECK (checksum_sha256 IS NULL OR (length(checksum_sha256) = 64 AND checksum_sha256 NOT GLOB '*[^0-9a-f]*')),
  poster_path       TEXT CHECK (poster_path IS NULL OR length(poster_path) <= 500),
  renditions        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(renditions) AND json_type(renditions) = 'object'),
  youtube_url       TEXT CHECK (youtube_url IS NULL OR length(youtube_url) <= 200),
  video_type        TEXT NOT NULL DEFAULT 'upload' CHECK (video_type IN ('upload', 'recorded', 'youtube')),
  duration_sec      INTEGER CHECK (duration_sec IS NULL OR duration_sec >= 0),
  width             INTEGER CHECK (width IS NULL OR width > 0),
  height            INTEGER CHECK (height IS NULL OR height > 0),
  processing_status TEXT NOT NULL DEFAULT 'pending' CHECK (processing_status IN ('pending', 'processing', 'ready', 'failed')),
  processing_error  TEXT,
  processed_at      TEXT,
  is_valid          INTEGER NOT NULL DEFAULT 1 CHECK (is_valid IN (0, 1)),
  last_validated    TEXT,
  validation_errors TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(validation_errors) AND json_type(validation_errors) = 'array'),
  access_count      INTEGER NOT NULL DEFAULT 0 CHECK (access_count >= 0),
  last_accessed     TEXT,
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  -- additions
  owner             TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  duration_ms       INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
  local_state       TEXT NOT NULL DEFAULT 'local' CHECK (local_state IN ('local', 'remote', 'downloading', 'offloaded')),
  UNIQUE (owner, checksum_sha256),
  -- Bytes are either on this machine (and then we know where and what they are) or not.
  CHECK (local_state <> 'local' OR video_type = 'youtube' OR (storage_path IS NOT NULL AND checksum_sha256 IS NOT NULL)),
  CHECK (local_state = 'local' OR storage_path IS NULL),
  CHECK (video_type <> 'youtube' OR youtube_url IS NOT NULL),
  CHECK (duration_ms IS NULL OR duration_sec = (duration_ms + 500) / 1000)
) STRICT;
CREATE INDEX idx_core_videoasset_mime_type ON core_videoasset(mime_type);
CREATE INDEX idx_core_videoasset_processing_status ON core_videoasset(processing_status);
CREATE INDEX idx_core_videoasset_created_at ON core_videoasset(created_at);
CREATE INDEX idx_core_videoasset_owner ON core_videoasset(owner);
CREATE INDEX idx_core_videoasset_checksum ON core_videoasset(checksum_sha256);

-- pending -> processing -> ready | failed; failed -> pending on retry. Set by the media pipeline only.
CREATE TRIGGER core_videoasset_status_flow BEFORE UPDATE OF processing_status ON core_videoasset
WHEN NEW.processing_status IS NOT OLD.processing_status AND NOT (
     (OLD.processing_status = 'pending' AND NEW.processing_status = 'processing')
  OR (OLD.processing_status = 'processing' AND NEW.processing_status IN ('ready', 'failed'))
  OR (OLD.processing_status = 'failed' AND NEW.processing_status = 'pending'))
BEGIN SELECT RAISE(ABORT, 'processing_status: illegal transition'); END;

-- ---------------------------------------------------------------------------------------------
-- 2. Clip
CREATE TABLE core_videoclip (
  id                TEXT PRIMARY KEY CHECK (id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
  original_video    TEXT NOT NULL REFERENCES core_videoasset(id) ON DELETE CASCADE,
  clip_hash         TEXT NOT NULL UNIQUE CHECK (length(clip_hash) = 64 AND clip_hash NOT GLOB '*[^0-9a-f]*'),
  start_time        REAL NOT NULL CHECK (start_time >= 0),
  end_time          REAL NOT NULL,
  duration          REAL NOT NULL,
  -- The seed has storage_path NOT NULL; here, as on assets, where the bytes sit is local state and is
  -- NULL while a synced clip's bytes are not on this machine.
  storage_path      TEXT CHECK (storage_path IS NULL OR length(storage_path) <= 500),
  size_bytes        INTEGER CHECK (size_bytes IS NULL OR size_bytes > 0),
  processing_status TEXT NOT NULL DEFAULT 'pending' CHECK (processing_status IN ('pending', 'processing', 'ready', 'failed')),
  processing_error  TEXT,
  processed_at      TEXT,
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  -- additions
  owner             TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  clip_asset        TEXT REFERENCES core_videoasset(id) ON DELETE CASCADE,
  mode              TEXT NOT NULL CHECK (mode IN ('fast', 'precise')),
  CHECK (end_time > start_time),
  CHECK (abs(duration - (end_time - start_time)) < 0.0000005)
) STRICT;
CREATE INDEX idx_core_videoclip_clip_hash ON core_videoclip(clip_hash);
CREATE INDEX idx_core_videoclip_original_video_start_end ON core_videoclip(original_video, start_time, end_time);
CREATE INDEX idx_core_videoclip_processing_status ON core_videoclip(processing_status);
CREATE INDEX idx_core_videoclip_created_at ON core_videoclip(created_at);
CREATE INDEX idx_core_videoclip_clip_asset ON core_videoclip(clip_asset);

CREATE TRIGGER core_videoclip_status_flow BEFORE UPDATE OF processing_status ON core_videoclip
WHEN NEW.processing_status IS NOT OLD.processing_status AND NOT (
     (OLD.processing_status = 'pending' AND NEW.processing_status = 'processing')
  OR (OLD.processing_status = 'processing' AND NEW.processing_status IN ('ready', 'failed'))
  OR (OLD.processing_status = 'failed' AND NEW.processing_status = 'pending'))
BEGIN SELECT RAISE(ABORT, 'processing_status: illegal transition'); END;

-- ---------------------------------------------------------------------------------------------
-- 3. Exercise (+ 5. Stack, which is the query "exercises x student")
CREATE TABLE exercises_exercise (
  id          TEXT PRIMARY KEY CHECK (id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
  -- Unique per owner regardless of case: "Serve" and "serve" would be the same exercise to a person.
  name        TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 140 AND name = trim(name)),
  description TEXT,
  video_asset TEXT REFERENCES core_videoasset(id) ON DELETE CASCADE,
  created_by  TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (name, created_by)
) STRICT;
CREATE INDEX idx_exercises_exercise_created_by ON exercises_exercise(created_by);
CREATE INDEX idx_exercises_exercise_created_at ON exercises_exercise(created_at);
-- Lists page newest first with a (created_at, id) cursor.
CREATE INDEX idx_exercises_exercise_recent ON exercises_exercise(created_at DESC, id DESC);
CREATE INDEX idx_exercises_exercise_video_asset ON exercises_exercise(video_asset);

-- ---------------------------------------------------------------------------------------------
-- 6. Submission (one per student x exercise; replaced videos kept as earlier attempts)
CREATE TABLE submissions_submission (
  id           TEXT PRIMARY KEY CHECK (id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
  student      TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  exercise     TEXT NOT NULL REFERENCES exercises_exercise(id) ON DELETE CASCADE,
  video_asset  TEXT NOT NULL REFERENCES core_videoasset(id) ON DELETE CASCADE,
  submitted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  status       TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'reviewed', 'needs_work', 'resubmitted')),
  -- additions
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (student, exercise)
) STRICT;
CREATE INDEX idx_submissions_submission_exercise ON submissions_submission(exercise);
CREATE INDEX idx_submissions_submission_video_asset ON submissions_submission(video_asset);

-- A submission goes to a coach's exercise, from a student who is not its owner.
CREATE TRIGGER submissions_submission_parties BEFORE INSERT ON submissions_submission
WHEN (SELECT u.role FROM exercises_exercise e JOIN auth_user u ON u.id = e.created_by WHERE e.id = NEW.exercise) IS NOT 'coach'
  OR (SELECT role FROM auth_user WHERE id = NEW.student) IS NOT 'student'
BEGIN SELECT RAISE(ABORT, 'submission: a student submits to a coach''s exercise'); END;

CREATE TABLE submission_attempts (
  id           TEXT PRIMARY KEY CHECK (id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
  submission   TEXT NOT NULL REFERENCES submissions_submission(id) ON DELETE CASCADE,
  video_asset  TEXT NOT NULL REFERENCES core_videoasset(id) ON DELETE CASCADE,
  submitted_at TEXT NOT NULL,
  UNIQUE (submission, video_asset)
) STRICT;
CREATE INDEX idx_submission_attempts_video_asset ON submission_attempts(video_asset);

-- ---------------------------------------------------------------------------------------------
-- 7. Comparison: one viewing session each time a student compares
CREATE TABLE comparisons_comparison (
  id               TEXT PRIMARY KEY CHECK (id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
  student          TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  exercise         TEXT NOT NULL REFERENCES exercises_exercise(id) ON DELETE CASCADE,
  original_video   TEXT NOT NULL REFERENCES core_videoasset(id) ON DELETE CASCADE,
  feedback_video   TEXT NOT NULL REFERENCES core_videoasset(id) ON DELETE CASCADE,
  compared_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  duration_seconds INTEGER CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
  -- additions: the offsets in force for this session (seconds added to each side's clock)
  original_offset  REAL NOT NULL DEFAULT 0,
  feedback_offset  REAL NOT NULL DEFAULT 0,
  CHECK (original_video <> feedback_video)
) STRICT;
CREATE INDEX idx_comparisons_comparison_exercise ON comparisons_comparison(exercise, compared_at);
CREATE INDEX idx_comparisons_comparison_student ON comparisons_comparison(student, compared_at);
CREATE INDEX idx_comparisons_comparison_original ON comparisons_comparison(original_video);
CREATE INDEX idx_comparisons_comparison_feedback ON comparisons_comparison(feedback_video);

-- The saved alignment of a pair of videos: a coach aligns once, the student opens it aligned.
CREATE TABLE comparison_alignment (
  id              TEXT PRIMARY KEY CHECK (id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
  exercise        TEXT NOT NULL REFERENCES exercises_exercise(id) ON DELETE CASCADE,
  original_video  TEXT NOT NULL REFERENCES core_videoasset(id) ON DELETE CASCADE,
  feedback_video  TEXT NOT NULL REFERENCES core_videoasset(id) ON DELETE CASCADE,
  original_offset REAL NOT NULL DEFAULT 0,
  feedback_offset REAL NOT NULL DEFAULT 0,
  set_by          TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (exercise, original_video, feedback_video),
  CHECK (original_video <> feedback_video)
) STRICT;
CREATE INDEX idx_comparison_alignment_original ON comparison_alignment(original_video);
CREATE INDEX idx_comparison_alignment_feedback ON comparison_alignment(feedback_video);

-- ---------------------------------------------------------------------------------------------
-- 4. Comment / CommentVideo
CREATE TABLE comments_videocomment (
  id             TEXT PRIMARY KEY CHECK (id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
  exercise       TEXT NOT NULL REFERENCES exercises_exercise(id) ON DELETE CASCADE,
  author         TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  text           TEXT,
  video_asset    TEXT REFERENCES core_videoasset(id) ON DELETE CASCADE,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  -- additions
  submission     TEXT REFERENCES submissions_submission(id) ON DELETE CASCADE,
  at_seconds     REAL CHECK (at_seconds IS NULL OR at_seconds >= 0),
  at_video_asset TEXT REFERENCES core_videoasset(id) ON DELETE CASCADE,
  drawing        TEXT CHECK (drawing IS NULL OR (json_valid(drawing) AND json_type(drawing) = 'object')),
  CHECK ((text IS NOT NULL AND length(trim(text)) > 0) OR video_asset IS NOT NULL),
  CHECK (at_video_asset IS NULL OR at_seconds IS NOT NULL)
) STRICT;
CREATE INDEX idx_comments_videocomment_exercise ON comments_videocomment(exercise, created_at);
CREATE INDEX idx_comments_videocomment_author ON comments_videocomment(author);
CREATE INDEX idx_comments_videocomment_created_at ON comments_videocomment(created_at);
CREATE INDEX idx_comments_videocomment_submission ON comments_videocomment(submission);
CREATE INDEX idx_comments_videocomment_video_asset ON comments_videocomment(video_asset);
CREATE INDEX idx_comments_videocomment_at_video_asset ON comments_videocomment(at_video_asset);

-- A comment's submission belongs to the same exercise.
CREATE TRIGGER comments_videocomment_submission_matches BEFORE INSERT ON comments_videocomment
WHEN NEW.submission IS NOT NULL
 AND (SELECT exercise FROM submissions_submission WHERE id = NEW.submission) IS NOT NEW.exercise
BEGIN SELECT RAISE(ABORT, 'comment: submission belongs to another exercise'); END;
CREATE TRIGGER comments_videocomment_submission_matches_update BEFORE UPDATE OF submission, exercise ON comments_videocomment
WHEN NEW.submission IS NOT NULL
 AND (SELECT exercise FROM submissions_submission WHERE id = NEW.submission) IS NOT NEW.exercise
BEGIN SELECT RAISE(ABORT, 'comment: submission belongs to another exercise'); END;

CREATE TABLE feedback_read (
  user    TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  comment TEXT NOT NULL REFERENCES comments_videocomment(id) ON DELETE CASCADE,
  read_at TEXT NOT NULL,
  PRIMARY KEY (user, comment)
) STRICT, WITHOUT ROWID;
CREATE INDEX idx_feedback_read_comment ON feedback_read(comment);

-- ---------------------------------------------------------------------------------------------
-- 8. Label / Tag
CREATE TABLE tags_tag (
  id         TEXT PRIMARY KEY CHECK (id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 100 AND name = trim(name)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE content_tags (
  id           TEXT PRIMARY KEY CHECK (id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
  content_type TEXT NOT NULL CHECK (content_type IN ('exercise', 'videoasset', 'clip', 'comment')),
  content_id   TEXT NOT NULL,
  tag_id       TEXT NOT NULL REFERENCES tags_tag(id) ON DELETE CASCADE,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (content_type, content_id, tag_id)
) STRICT;
CREATE INDEX idx_content_tags_tag ON content_tags(tag_id, content_type, content_id);

-- content_id cannot carry a foreign key (it points into one of four tables): triggers stand in for it.
CREATE TRIGGER content_tags_target_exists BEFORE INSERT ON content_tags
WHEN NOT CASE NEW.content_type
  WHEN 'exercise'   THEN EXISTS (SELECT 1 FROM exercises_exercise WHERE id = NEW.content_id)
  WHEN 'videoasset' THEN EXISTS (SELECT 1 FROM core_videoasset WHERE id = NEW.content_id)
  WHEN 'clip'       THEN EXISTS (SELECT 1 FROM core_videoclip WHERE id = NEW.content_id)
  WHEN 'comment'    THEN EXISTS (SELECT 1 FROM comments_videocomment WHERE id = NEW.content_id)
  ELSE 0 END
BEGIN SELECT RAISE(ABORT, 'content_tags: tagged row does not exist'); END;

CREATE TRIGGER content_tags_no_retarget BEFORE UPDATE OF content_type, content_id ON content_tags
BEGIN SELECT RAISE(ABORT, 'content_tags: a link cannot be moved to another row'); END;

CREATE TRIGGER exercises_exercise_untag AFTER DELETE ON exercises_exercise
BEGIN DELETE FROM content_tags WHERE content_type = 'exercise' AND content_id = OLD.id; END;
CREATE TRIGGER core_videoasset_untag AFTER DELETE ON core_videoasset
BEGIN DELETE FROM content_tags WHERE content_type = 'videoasset' AND content_id = OLD.id; END;
CREATE TRIGGER core_videoclip_untag AFTER DELETE ON core_videoclip
BEGIN DELETE FROM content_tags WHERE content_type = 'clip' AND content_id = OLD.id; END;
CREATE TRIGGER comments_videocomment_untag AFTER DELETE ON comments_videocomment
BEGIN DELETE FROM content_tags WHERE content_type = 'comment' AND content_id = OLD.id; END;

-- ---------------------------------------------------------------------------------------------
-- 9. HelpfulVote
CREATE TABLE votes_helpfulvote (
  id         TEXT PRIMARY KEY CHECK (id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
  voter      TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  comment    TEXT NOT NULL REFERENCES comments_videocomment(id) ON DELETE CASCADE,
  is_helpful INTEGER NOT NULL CHECK (is_helpful IN (0, 1)),
  voted_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (voter, comment)
) STRICT;
CREATE INDEX idx_votes_helpfulvote_comment ON votes_helpfulvote(comment, is_helpful);

CREATE TRIGGER votes_helpfulvote_not_own BEFORE INSERT ON votes_helpfulvote
WHEN (SELECT author FROM comments_videocomment WHERE id = NEW.comment) = NEW.voter
BEGIN SELECT RAISE(ABORT, 'vote: nobody votes on their own comment'); END;

-- ---------------------------------------------------------------------------------------------
-- Audit trail: updated_at stays current even for a writer that forgets it.
CREATE TRIGGER auth_user_touch AFTER UPDATE ON auth_user WHEN NEW.updated_at IS OLD.updated_at
BEGIN UPDATE auth_user SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id; END;
CREATE TRIGGER core_videoasset_touch AFTER UPDATE ON core_videoasset WHEN NEW.updated_at IS OLD.updated_at
BEGIN UPDATE core_videoasset SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id; END;
CREATE TRIGGER core_videoclip_touch AFTER UPDATE ON core_videoclip WHEN NEW.updated_at IS OLD.updated_at
BEGIN UPDATE core_videoclip SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id; END;
CREATE TRIGGER exercises_exercise_touch AFTER UPDATE ON exercises_exercise WHEN NEW.updated_at IS OLD.updated_at
BEGIN UPDATE exercises_exercise SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id; END;
CREATE TRIGGER submissions_submission_touch AFTER UPDATE ON submissions_submission WHEN NEW.updated_at IS OLD.updated_at
BEGIN UPDATE submissions_submission SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id; END;
CREATE TRIGGER comments_videocomment_touch AFTER UPDATE ON comments_videocomment WHEN NEW.updated_at IS OLD.updated_at
BEGIN UPDATE comments_videocomment SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id; END;
CREATE TRIGGER comparison_alignment_touch AFTER UPDATE ON comparison_alignment WHEN NEW.updated_at IS OLD.updated_at
BEGIN UPDATE comparison_alignment SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id; END;

-- ---------------------------------------------------------------------------------------------
-- This database's profile and its sync bookkeeping (shaped as the sync engine pushes it).
CREATE TABLE local_profile (
  singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
  user_id        TEXT NOT NULL REFERENCES auth_user(id),
  -- New whenever a profile is created or imported, so two copies never pass for each other's replays.
  sync_client_id TEXT NOT NULL CHECK (length(sync_client_id) = 16 AND sync_client_id NOT GLOB '*[^0-9a-f]*'),
  -- The last hybrid-logical-clock stamp issued here; clocks never run backwards, even across restarts.
  hlc_last       TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- Every local change, written in the same transaction as the change. mutation_id orders a client's
-- mutations; the server applies each exactly once.
CREATE TABLE sync_outbox (
  mutation_id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_id   TEXT NOT NULL,
  entity      TEXT NOT NULL,
  op          TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  record_id   TEXT NOT NULL,
  fields      TEXT NOT NULL CHECK (json_valid(fields) AND json_type(fields) = 'object'),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX idx_sync_outbox_record ON sync_outbox(entity, record_id);

-- The clock of the last write to each synced field of each record: last writer wins, per field.
CREATE TABLE sync_field_clock (
  entity    TEXT NOT NULL,
  record_id TEXT NOT NULL,
  field     TEXT NOT NULL,
  hlc       TEXT NOT NULL,
  PRIMARY KEY (entity, record_id, field)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_record_state (
  entity     TEXT NOT NULL,
  record_id  TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('pending', 'synced', 'conflict', 'rejected')),
  last_error TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (entity, record_id)
) STRICT, WITHOUT ROWID;
